using Cais.Compat.Tests.Harness;

namespace Cais.Compat.Tests.Cases;

/// <summary>ps (table, flags, filters, --format) and container inspect (-f of the fields scripts read, errors).</summary>
public static class ListingCases
{
    private const string Two = "run -d --name {C} -l tier=web {IMG} sleep 60";
    private const string Exited = "run --name {C2} {IMG} sh -c 'exit 2'";

    public static IReadOnlyList<CompatCase> All { get; } =
    [
        // ps: tables
        CompatCase.Of("ps").Given(Two, Exited),
        CompatCase.Of("ps -a").Given(Two, Exited),
        CompatCase.Of("ps -q").Given(Two, Exited),
        CompatCase.Of("ps -aq").Given(Two, Exited),
        CompatCase.Of("ps -a --no-trunc").Given(Two, Exited),
        CompatCase.Of("ps -n 1").Given(Two, Exited),
        CompatCase.Of("ps -l --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a -s").Given(Two, Exited),
        CompatCase.Of("container ls -a --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Named("ps -a with a published port", "ps -a --format '{{.Names}} {{.Ports}}'").Given("run -d --name {C} -p 127.0.0.1:{PORT}:80 -p {PORT}:81/udp {IMG} sleep 60"),
        CompatCase.Named("ps of an empty engine", "ps"),

        // ps: filters
        CompatCase.Of("ps -a --filter name={C2} --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --filter name=compat --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --filter 'name=^compat-c1$' --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --filter status=exited --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --filter status=running --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --filter status=bogus").Given(Two, Exited),
        CompatCase.Of("ps -a --filter exited=2 --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --filter label=tier=web --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --filter label=tier --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --filter ancestor={IMG} --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --filter network=bridge --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --filter since={C} --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --filter before={C2} --format '{{.Names}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --filter publish=80 --format '{{.Names}}'").Given("run -d --name {C} -p 127.0.0.1:{PORT}:80 {IMG} sleep 60", Exited),
        CompatCase.Of("ps -a --filter bogus=1").Given(Two),
        CompatCase.Of("ps -a --filter novalue").Given(Two),

        // ps: --format
        CompatCase.Of("ps -a --format '{{.Names}} {{.Status}} {{.Image}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --format '{{.Command}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --no-trunc --format '{{.Command}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --format 'table {{.Names}}\t{{.Image}}\t{{.Status}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --format json").Given(Two, Exited)
            .Normalise(@",?""(Platform|Health)"":[^,}]*", "", "fields Docker 28 adds to ps json only with API >= 1.46 (Platform) or a healthcheck"),
        CompatCase.Of("ps -a --format '{{.Label \"tier\"}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --format '{{.Labels}}'").Given(Two, Exited),
        CompatCase.Of("ps -a --format '{{.Nmes}}'").Given(Two),
        CompatCase.Of("ps -a --format '{{.Names'").Given(Two),
        CompatCase.Of("ps -a --format '{{.Networks}} {{.Mounts}} {{.State}}'").Given(Two, Exited),

        // inspect: container fields scripts read
        CompatCase.Of("inspect -f '{{.Name}} {{.Config.Image}} {{.Image}}' {C}").Given(Two),
        CompatCase.Of("inspect -f '{{.State.Status}} {{.State.Running}} {{.State.ExitCode}} {{.RestartCount}}' {C2}").Given(Exited),
        CompatCase.Of("inspect -f '{{.Path}} {{.Args}}' {C2}").Given(Exited),
        CompatCase.Of("inspect -f '{{.Config.Cmd}} {{.Config.Entrypoint}}' {C2}").Given(Exited),
        CompatCase.Of("inspect -f '{{.Config.Env}}' {C}").Given("run -d --name {C} -e A=1 {IMG} sleep 60"),
        CompatCase.Of("inspect -f '{{.Config.Labels}} {{.Config.Hostname}}' {C}").Given(Two),
        CompatCase.Of("inspect -f '{{.Config.Tty}} {{.Config.OpenStdin}} {{.Config.WorkingDir}} {{.Config.User}}' {C}").Given(Two),
        CompatCase.Of("inspect -f '{{.HostConfig.RestartPolicy}} {{.HostConfig.NetworkMode}} {{.HostConfig.AutoRemove}}' {C}").Given(Two)
            .Normalise(@" default ", " bridge ", "dockerd 20.10 records an unset --network as \"default\"; Docker 28's daemon (API >= 1.44) records \"bridge\""),
        CompatCase.Of("inspect -f '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}} {{.HostConfig.ShmSize}} {{.HostConfig.IpcMode}}' {C}").Given(Two),
        CompatCase.Of("inspect -f '{{.HostConfig.LogConfig.Type}} {{.HostConfig.Privileged}} {{.HostConfig.CapAdd}} {{.HostConfig.CapDrop}}' {C}")
            .Given("run -d --name {C} --cap-add NET_ADMIN --cap-drop MKNOD {IMG} sleep 60")
            .Normalise(@"^json-file ", "<log driver> ", "the log driver is each engine's own: Docker's json-file, Cais's k8s-file"),
        // Created, not started: where the host's bounding set lacks capabilities (a container host), dockerd cannot start it.
        CompatCase.Of("inspect -f '{{.HostConfig.Privileged}}' {C}").Given("create --privileged --name {C} {IMG} sleep 60"),
        CompatCase.Of("inspect -f '{{.HostConfig.Binds}}' {C}").Given("run -d --name {C} -v {DIR}:/data:ro {IMG} sleep 60"),
        CompatCase.Of("inspect -f '{{range .Mounts}}{{.Type}} {{.Source}} {{.Destination}} {{.RW}}{{end}}' {C}").Given("run -d --name {C} -v {DIR}:/data:ro {IMG} sleep 60"),
        CompatCase.Of("inspect -f '{{.NetworkSettings.Ports}}' {C}").Given("run -d --name {C} -p 127.0.0.1:{PORT}:80 {IMG} sleep 60"),
        CompatCase.Of("inspect -f '{{json .NetworkSettings.Ports}}' {C}").Given("run -d --name {C} -p 127.0.0.1:{PORT}:80 {IMG} sleep 60"),
        CompatCase.Of("inspect -f '{{.HostConfig.PortBindings}}' {C}").Given("run -d --name {C} -p 127.0.0.1:{PORT}:80 {IMG} sleep 60"),
        CompatCase.Of("inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' {C}").Given(Two),
        CompatCase.Of("inspect -f '{{.NetworkSettings.IPAddress}} {{.NetworkSettings.Gateway}} {{.NetworkSettings.IPPrefixLen}}' {C}").Given(Two),
        CompatCase.Of("inspect -f '{{.Config.StopSignal}} {{.Config.StopTimeout}}' {C}").Given("create --name {C} --stop-signal SIGUSR1 --stop-timeout 5 {IMG}"),
        CompatCase.Of("inspect -f '{{.Driver}}' {C}").Given(Two)
            .Normalise(@"^overlay2?$", "<overlay driver>", "the storage driver's name is each engine's own (Docker's overlay2, Cais's overlay)"),
        CompatCase.Of("inspect -s -f '{{.SizeRw}}' {C}").Given("run --name {C} {IMG} sh -c 'head -c 5000 /bin/busybox > /tmp/f'"),
        CompatCase.Of("inspect -f '{{.Stat.Status}}' {C}").Given(Two),
        CompatCase.Of("inspect -f '{{.State.Status' {C}").Given(Two),
        CompatCase.Of("inspect nothere"),
        CompatCase.Of("inspect -f '{{.Name}}' {C} nothere").Given(Two),
        CompatCase.Of("inspect --type container {IMG}"),
        CompatCase.Of("inspect --type bogus {C}").Given(Two),
        CompatCase.Of("container inspect -f '{{.Name}}' {C}").Given(Two),
        CompatCase.Of("inspect -f '{{.Name}}' {C} {C2}").Given(Two, Exited),
    ];
}
