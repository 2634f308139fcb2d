using Cais.Compat.Tests.Harness;

namespace Cais.Compat.Tests.Cases;

/// <summary>start, stop, kill, rm, wait, logs, exec, port: output, exit codes and errors for missing objects.</summary>
public static class LifecycleCases
{
    private const string Sleeper = "run -d --name {C} {IMG} sleep 60";

    /// <summary>Ends on SIGTERM (a plain sleep as pid 1 ignores it, and every stop would wait out its 10 s).</summary>
    private const string StoppableSleeper = "run -d --name {C} {IMG} sh -c 'trap \"exit 0\" TERM; sleep 60 & wait'";

    public static IReadOnlyList<CompatCase> All { get; } =
    [
        // start
        CompatCase.Of("start {C}").Given("create --name {C} {IMG} sleep 60"),
        CompatCase.Of("start -a {C}").Given("create --name {C} {IMG} sh -c 'echo started; exit 4'"),
        CompatCase.Of("start -ai {C}").Given("create -i --name {C} {IMG} cat").Input("to cat\n"),
        CompatCase.Of("start nothere"),
        CompatCase.Of("start {C} nothere").Given("create --name {C} {IMG} sleep 60"),
        CompatCase.Named("start of a running container", "start {C}").Given(Sleeper),

        // stop
        CompatCase.Of("stop {C}").Given(StoppableSleeper),
        CompatCase.Of("stop -t 1 {C}").Given(Sleeper),
        CompatCase.Of("stop --time 0 {C}").Given(Sleeper),
        CompatCase.Of("stop -s SIGKILL {C}").Given(Sleeper)
            .OnlyNewDaemons("stop --signal needs API 1.42; dockerd 20.10 speaks 1.41", 0, "compat-c1\n"),
        CompatCase.Named("stop then exit code", "inspect -f '{{.State.Status}} {{.State.ExitCode}}' {C}").Given(Sleeper, "stop -t 1 {C}"),
        CompatCase.Named("stop of a stopped container", "stop {C}").Given("create --name {C} {IMG}"),
        CompatCase.Of("stop nothere"),

        // kill
        CompatCase.Of("kill {C}").Given(Sleeper),
        CompatCase.Named("kill then exit code", "inspect -f '{{.State.Status}} {{.State.ExitCode}}' {C}").Given(Sleeper, "kill {C}", "wait {C}"),
        CompatCase.Of("kill -s HUP {C}").Given(Sleeper),
        CompatCase.Of("kill -s NOSUCHSIG {C}").Given(Sleeper),
        CompatCase.Named("kill of a stopped container", "kill {C}").Given("create --name {C} {IMG}"),
        CompatCase.Of("kill nothere"),

        // rm
        CompatCase.Of("rm {C}").Given("create --name {C} {IMG}"),
        CompatCase.Named("rm of a running container", "rm {C}").Given(Sleeper)
            .Normalise(@"You cannot remove a running container \S+\. Stop the container before attempting removal or force remove",
                "cannot remove container \"/compat-c1\": container is running: stop the container before removing or force remove",
                "dockerd 20.10's wording (with the id); Docker 28's daemon names the container and words it as written here"),
        CompatCase.Of("rm -f {C}").Given(Sleeper),
        CompatCase.Of("rm nothere"),
        CompatCase.Of("rm -f nothere"),
        CompatCase.Of("rm {C} nothere").Given("create --name {C} {IMG}"),
        CompatCase.Of("rm"),

        // wait
        CompatCase.Of("wait {C}").Given("run -d --name {C} {IMG} sh -c 'exit 5'"),
        CompatCase.Of("wait {C} {C2}").Given("run -d --name {C} {IMG} sh -c 'exit 5'", "run -d --name {C2} {IMG} true"),
        CompatCase.Of("wait nothere"),

        // logs
        CompatCase.Of("logs {C}").Given("run --name {C} {IMG} sh -c 'echo one; echo two >&2; echo three'"),
        CompatCase.Of("logs --tail 1 {C}").Given("run --name {C} {IMG} sh -c 'echo one; echo two; echo three'"),
        CompatCase.Of("logs --tail 0 {C}").Given("run --name {C} {IMG} sh -c 'echo one; echo two'"),
        CompatCase.Of("logs -t {C}").Given("run --name {C} {IMG} echo stamped"),
        CompatCase.Of("logs -f {C}").Given("run --name {C} {IMG} echo followed"),
        CompatCase.Named("logs of a last line without newline", "logs {C}").Given("run --name {C} {IMG} printf 'no newline'"),
        CompatCase.Of("logs nothere"),

        // exec
        CompatCase.Of("exec {C} echo hi").Given(Sleeper),
        CompatCase.Of("exec {C} sh -c 'exit 4'").Given(Sleeper),
        CompatCase.Of("exec -e X=1 {C} sh -c 'echo $X'").Given(Sleeper),
        CompatCase.Of("exec -w /tmp {C} pwd").Given(Sleeper),
        CompatCase.Of("exec -u 65534 {C} id").Given(Sleeper),
        CompatCase.Of("exec -d {C} true").Given(Sleeper),
        CompatCase.Of("exec -i {C} cat").Given(Sleeper).Input("exec stdin\n"),
        CompatCase.Of("exec -it {C} true").Given(Sleeper).Within(TimeSpan.FromSeconds(15)),
        CompatCase.Of("exec {C} nosuchcommand").Given(Sleeper),
        CompatCase.Named("exec in a stopped container", "exec {C} true").Given("create --name {C} {IMG}"),
        CompatCase.Of("exec nothere true"),
        CompatCase.Of("exec {C}").Given(Sleeper),
        CompatCase.Named("exec ids in inspect", "inspect -f '{{len .ExecIDs}}' {C}").Given(Sleeper, "exec {C} true"),

        // port
        CompatCase.Of("port {C}").Given("run -d --name {C} -p 127.0.0.1:{PORT}:80 {IMG} sleep 60"),
        CompatCase.Of("port {C} 80").Given("run -d --name {C} -p 127.0.0.1:{PORT}:80 {IMG} sleep 60"),
        CompatCase.Of("port {C} 80/tcp").Given("run -d --name {C} -p 127.0.0.1:{PORT}:80 {IMG} sleep 60"),
        CompatCase.Of("port {C} 81").Given("run -d --name {C} -p 127.0.0.1:{PORT}:80 {IMG} sleep 60"),
        CompatCase.Of("port {C} 80/udp").Given("run -d --name {C} -p 127.0.0.1:{PORT}:80/udp {IMG} sleep 60"),
        CompatCase.Named("port of all interfaces", "port {C}").Given("run -d --name {C} -p {PORT}:80 {IMG} sleep 60"),
        CompatCase.Named("port without published ports", "port {C}").Given(Sleeper),
        CompatCase.Of("port nothere"),
        CompatCase.Of("container port {C} 80").Given("run -d --name {C} -p 127.0.0.1:{PORT}:80 {IMG} sleep 60"),
    ];
}
