using Cais.Compat.Tests.Harness;

namespace Cais.Compat.Tests.Cases;

/// <summary>run and create: exit codes, the process's view (env, user, dirs, hosts, resolv.conf) and refused flags.</summary>
public static class RunCases
{
    public static IReadOnlyList<CompatCase> All { get; } =
    [
        // Exit codes and output.
        CompatCase.Of("run --rm {IMG} echo hello"),
        CompatCase.Of("run --rm {IMG} sh -c 'exit 3'"),
        CompatCase.Of("run --rm {IMG} sh -c 'echo out; echo err >&2; exit 1'"),
        CompatCase.Of("run --rm {IMG} nosuchcommand"),
        CompatCase.Of("run --rm {IMG} /etc/passwd"),
        CompatCase.Of("run --rm {IMG}"),
        CompatCase.Of("run --rm -q {IMG} true"),
        CompatCase.Of("run --rm -i {IMG} cat").Input("from stdin\n"),
        CompatCase.Of("run --rm {IMG} cat").Input("not attached\n"),
        CompatCase.Of("run --rm -t {IMG} echo tty"),
        CompatCase.Of("run --rm -it {IMG} true").Within(TimeSpan.FromSeconds(15)),
        CompatCase.Of("run -d --name {C} {IMG} sleep 30"),
        CompatCase.Named("run -d then state", "inspect -f '{{.State.Status}} {{.State.Running}}' {C}").Given("run -d --name {C} {IMG} sleep 30"),
        CompatCase.Of("run --name {C} {IMG} true").Given("create --name {C} {IMG}"),
        CompatCase.Of("run --rm --name 'bad name!' {IMG} true"),
        CompatCase.Of("run --rm {REG}/compat/nothere:1"),
        CompatCase.Of("run --rm --pull never {REG}/compat/nothere:1"),
        CompatCase.Of("run --rm --pull always -q {IMG} true"),
        CompatCase.Of("run --rm --pull sometimes {IMG} true"),
        CompatCase.Of("run"),
        CompatCase.Of("run --no-such-flag {IMG}"),
        CompatCase.Of("run --rm --platform linux/amd64 {IMG} true"),

        // The process's environment.
        CompatCase.Of("run --rm -e A=1 -e B=two {IMG} env"),
        CompatCase.Of("run --rm -e A {IMG} env").Normalise(@"^A=.*\n", "", "-e A copies the client's A, which neither client has"),
        CompatCase.Of("run --rm --env-file {ENVFILE} {IMG} env"),
        CompatCase.Of("run --rm --env-file /nonexistent/env.list {IMG} env"),
        CompatCase.Of("run --rm -w /tmp {IMG} pwd"),
        CompatCase.Of("run --rm -w /new/dir {IMG} pwd"),
        CompatCase.Of("run --rm -u 1:1 {IMG} id"),
        CompatCase.Of("run --rm -u nobody {IMG} id"),
        CompatCase.Of("run --rm -u nosuchuser {IMG} id"),
        CompatCase.Of("run --rm --entrypoint echo {IMG} from entrypoint"),
        CompatCase.Of("run --rm --entrypoint '' {IMG} echo empty entrypoint"),
        CompatCase.Of("run --rm -h myhost {IMG} hostname"),
        CompatCase.Of("run --rm --hostname myhost {IMG} cat /etc/hostname"),
        CompatCase.Of("run --rm --add-host foo.example:10.1.2.3 --add-host bar:10.1.2.4 {IMG} cat /etc/hosts"),
        CompatCase.Of("run --rm --add-host badentry {IMG} true"),
        CompatCase.Of("run --rm --dns 10.0.0.53 --dns-search example.com --dns-option ndots:2 {IMG} cat /etc/resolv.conf"),
        CompatCase.Of("run --rm --dns notanip {IMG} true"),
        CompatCase.Of("run --rm -l a=b {IMG} true"),
        CompatCase.Of("run --rm --stop-signal NOSUCHSIG {IMG} true"),
        CompatCase.Of("run --rm --security-opt bogus {IMG} true"),
        CompatCase.Of("run --rm --security-opt no-new-privileges {IMG} grep NoNewPrivs /proc/self/status"),
        CompatCase.Of("run --rm --cap-drop ALL {IMG} grep CapEff /proc/self/status"),
        CompatCase.Of("run --rm --cap-add NET_ADMIN {IMG} grep CapEff /proc/self/status"),
        CompatCase.Of("run --rm --cap-add NOT_A_CAP {IMG} true"),

        // Binds.
        CompatCase.Of("run --rm -v {DIR}:/data {IMG} cat /data/hello.txt"),
        CompatCase.Of("run --rm -v {DIR}:/data:ro {IMG} touch /data/new"),
        CompatCase.Of("run --rm -v ./reldir:/data {IMG} cat /data/relative.txt"),
        CompatCase.Of("run --rm -v {DIR}:relative {IMG} true"),
        CompatCase.Of("run --rm -v :/data {IMG} true"),
        CompatCase.Of("run --rm -v {DIR}:/data:bogus {IMG} true"),

        // Networks and ports at run.
        CompatCase.Of("run --rm --network none {IMG} cat /proc/net/dev").Normalise(@"^\s*(?!lo:|Inter|face)\S+:.*\n", "", "only lo is compared: the counters of lo are all zero on both"),
        CompatCase.Of("run --rm --network nosuchnet {IMG} true"),
        CompatCase.Of("run --rm --network host {IMG} true"),
        CompatCase.Of("run --rm --network {N} --ip 10.231.7.9 {IMG} hostname -i").Given("network create --subnet 10.231.7.0/24 {N}"),
        CompatCase.Of("run --rm --ip 10.231.7.9 {IMG} true"),
        CompatCase.Of("run --rm -p bad {IMG} true"),
        CompatCase.Of("run --rm -p 70000:80 {IMG} true"),
        CompatCase.Of("run --rm -p 127.0.0.1:{PORT}:80/sctpx {IMG} true"),
        CompatCase.Of("run -d --name {C} -p 127.0.0.1:{PORT}:80 {IMG} sleep 30"),
        CompatCase.Named("run -p of a port in use", "run -d --name {C2} -p 127.0.0.1:{PORT}:80 {IMG} sleep 30").Given("run -d --name {C} -p 127.0.0.1:{PORT}:80 {IMG} sleep 30")
            .Normalise(@"Bind for 127\.0\.0\.1:\d+ failed: port is already allocated|Error starting userland proxy: listen tcp4 127\.0\.0\.1:\d+: bind: address already in use", "<port in use>",
                "dockerd 20.10 without iptables finds the port taken in docker-proxy; Docker 28 (and Cais) in the port allocator"),

        // create
        CompatCase.Of("create --name {C} {IMG}"),
        CompatCase.Named("create then state", "inspect -f '{{.State.Status}} {{.Config.AttachStdout}} {{.Config.AttachStderr}}' {C}").Given("create --name {C} {IMG}"),
        CompatCase.Named("create with a name in use", "create --name {C} {IMG}").Given("create --name {C} {IMG} true"),
        CompatCase.Of("create"),
        CompatCase.Of("create -q --name {C} {IMG}"),
    ];
}
