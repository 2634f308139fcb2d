using Cais.Compat.Tests.Harness;

namespace Cais.Compat.Tests.Cases;

/// <summary>network create, ls, inspect, rm, prune, connect, disconnect.</summary>
public static class NetworkCases
{
    private const string Net = "network create --label team=a {N}";
    private const string FixedNet = "network create --subnet 10.231.8.0/24 --gateway 10.231.8.1 --internal --label team=b {N2}";

    public static IReadOnlyList<CompatCase> All { get; } =
    [
        // create
        CompatCase.Of("network create {N}"),
        CompatCase.Of("network create -d bridge {N}"),
        CompatCase.Of("network create --subnet 10.231.8.0/24 --gateway 10.231.8.1 --internal --label team=b {N2}"),
        CompatCase.Named("network create of a name in use", "network create {N}").Given("network create {N}"),
        CompatCase.Of("network create -d overlay {N}"),
        CompatCase.Of("network create -d nosuchdriver {N}"),
        CompatCase.Of("network create --subnet bad {N}"),
        CompatCase.Of("network create --subnet 10.231.8.0/24 --gateway 10.9.9.9 {N}"),
        CompatCase.Of("network create"),

        // ls
        CompatCase.Of("network ls").Given(Net, FixedNet),
        CompatCase.Of("network ls -q").Given(Net),
        CompatCase.Of("network ls --no-trunc").Given(Net),
        CompatCase.Of("network ls --filter name={N2} --format '{{.Name}}'").Given(Net, FixedNet),
        CompatCase.Of("network ls --filter driver=bridge --format '{{.Name}}'").Given(Net),
        CompatCase.Of("network ls --filter type=custom --format '{{.Name}}'").Given(Net, FixedNet),
        CompatCase.Of("network ls --filter type=builtin --format '{{.Name}}'").Given(Net),
        CompatCase.Of("network ls --filter label=team=b --format '{{.Name}}'").Given(Net, FixedNet),
        CompatCase.Of("network ls --filter dangling=true --format '{{.Name}}'").Given(Net, "run -d --name {C} --network {N} {IMG} sleep 60", FixedNet),
        CompatCase.Of("network ls --filter bogus=1"),
        CompatCase.Of("network ls --format '{{.Name}} {{.Driver}} {{.Scope}} {{.Internal}} {{.Labels}}'").Given(Net, FixedNet),
        CompatCase.Of("network ls --format 'table {{.Name}}\t{{.Driver}}'").Given(Net),
        CompatCase.Of("network ls --format json").Given(Net)
            .Normalise(@"""CreatedAt"":""[^""]*""", @"""CreatedAt"":""<TIME>""", "creation times are clocks")
            .Normalise(@"""IPv4"":""false""", @"""IPv4"":""true""",
                "dockerd 20.10 predates EnableIPv4 (API 1.47), so Docker 28's client prints false; Docker 28's daemon says true for every IPv4 network"),
        CompatCase.Of("network ls --format '{{.Nope}}'"),

        // inspect
        CompatCase.Of("network inspect -f '{{.Name}} {{.Driver}} {{.Scope}} {{.Internal}} {{.Attachable}} {{.EnableIPv6}}' {N2}").Given(FixedNet),
        CompatCase.Of("network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{.IPAM.Driver}} {{.Labels}}' {N2}").Given(FixedNet),
        CompatCase.Of("network inspect -f '{{.Name}} {{.Driver}} {{.Scope}}' bridge host none"),
        CompatCase.Of("network inspect -f '{{range .Containers}}{{.Name}} {{end}}' {N}").Given(Net, "run -d --name {C} --network {N} {IMG} sleep 60"),
        CompatCase.Of("network inspect -f '{{.Nope}}' {N}").Given(Net),
        CompatCase.Of("network inspect nothere"),
        CompatCase.Of("network inspect -f '{{.Name}}' {N} nothere").Given(Net),

        // rm and prune
        CompatCase.Of("network rm {N}").Given(Net),
        CompatCase.Of("network rm nothere"),
        CompatCase.Named("network rm of a network in use", "network rm {N}").Given(Net, "run -d --name {C} --network {N} {IMG} sleep 60"),
        CompatCase.Of("network rm bridge"),
        CompatCase.Of("network prune -f").Given(Net, FixedNet),
        CompatCase.Named("network prune keeps networks in use", "network prune -f").Given(Net, "create --name {C} --network {N} {IMG}", FixedNet),

        // connect and disconnect
        CompatCase.Of("network connect {N} {C}").Given(Net, "run -d --name {C} {IMG} sleep 60"),
        CompatCase.Named("network connect then networks", "inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' {C}").Given(Net, "run -d --name {C} {IMG} sleep 60", "network connect {N} {C}"),
        CompatCase.Named("network connect --alias then aliases", "inspect -f '{{(index .NetworkSettings.Networks \"compat-n1\").Aliases}}' {C}")
            .Given(Net, "run -d --name {C} {IMG} sleep 60", "network connect --alias web {N} {C}")
            .Normalise(@" [0-9a-f]{12}\]", "]", "dockerd before 25 (API 1.45) also lists the short id in Aliases; Docker 28 keeps it in DNSNames only"),
        CompatCase.Of("network connect --ip 10.231.8.7 {N2} {C}").Given("network create --subnet 10.231.8.0/24 {N2}", "run -d --name {C} {IMG} sleep 60"),
        CompatCase.Named("network connect twice", "network connect {N} {C}").Given(Net, "run -d --name {C} {IMG} sleep 60", "network connect {N} {C}"),
        CompatCase.Of("network connect nothere {C}").Given("run -d --name {C} {IMG} sleep 60"),
        CompatCase.Of("network connect {N} nothere").Given(Net),
        CompatCase.Of("network disconnect {N} {C}").Given(Net, "run -d --name {C} --network {N} {IMG} sleep 60"),
        CompatCase.Of("network disconnect -f {N} {C}").Given(Net, "run -d --name {C} --network {N} {IMG} sleep 60"),
        CompatCase.Named("network disconnect of a container not on it", "network disconnect {N} {C}").Given(Net, "run -d --name {C} {IMG} sleep 60"),
        CompatCase.Of("network disconnect {N} nothere").Given(Net),
    ];
}
