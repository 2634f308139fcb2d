using Cais.Api;
using Cais.Common;
using Cais.Containers.Listing;
using Cais.Metadata;

namespace Cais.Core.Tests.Containers.Listing;

/// <summary>Every ps filter key, matching and refusing, on records made here (Docker's behaviour checked against dockerd).</summary>
public sealed class ContainerFilterTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Running, created 10 minutes ago, on "front", a bind of /srv/data, 127.0.0.1:8080->80/tcp and 9000-9002/tcp exposed.</summary>
    private static readonly ContainerRecord s_web = Record("0123456789ab", "web", -10, ContainerStatus.Running) with
    {
        Settings = new ContainerSettings
        {
            NetworkMode = "bridge",
            Networks = [new NetworkRequest { Network = "front" }],
            Labels = new Dictionary<string, string> { ["team"] = "web", ["tier"] = "front" },
            Binds = ["/srv/data:/data"],
            ExposedPorts = ["9000/tcp", "9001/tcp", "9002/tcp"],
            PortBindings = [new PublishedPort { HostIp = "127.0.0.1", HostPort = 8080, ContainerPort = 80 }],
        },
    };

    /// <summary>Exited with 3, created 5 minutes ago, network none.</summary>
    private static readonly ContainerRecord s_job = Record("0199aa000000", "job", -5, ContainerStatus.Exited, exitCode: 3);

    /// <summary>Created (never started), created 2 minutes ago, of another image.</summary>
    private static readonly ContainerRecord s_web2 = Record("ab0000000000", "web2", -2, ContainerStatus.Created) with { ImageId = "sha256:other" };

    private static readonly ContainerRecord[] s_all = [s_web2, s_job, s_web];

    private static ContainerRecord Record(string id, string name, int minutes, ContainerStatus status, int exitCode = 0) => new()
    {
        Id = id.PadRight(64, '0'),
        Name = name,
        ImageId = "sha256:feed",
        ImageName = "busybox",
        Created = s_now.AddMinutes(minutes),
        Settings = new ContainerSettings { NetworkMode = "none" },
        State = new ContainerStateRecord
        {
            Status = status,
            ExitCode = exitCode,
            StartedAt = status == ContainerStatus.Created ? null : s_now.AddMinutes(minutes + 1),
            Ports = status == ContainerStatus.Running ? [new PublishedPort { HostIp = "127.0.0.1", HostPort = 8080, ContainerPort = 80 }] : [],
        },
    };

    private static ContainerFilter Filter(params string[] filters)
    {
        var args = FilterArgs.FromPairs(filters.Select(FilterSyntax.Split));
        ContainerFilters.Validate(args);
        return new ContainerFilter(args, s_all,
            name => name is "busybox" or "busybox:latest" or "sha256:feed" or "feed" ? "sha256:feed" : null,
            name => name == "front" ? "a1b2c3" : null);
    }

    /// <summary>The names of the containers (of all three) the filters keep, newest first.</summary>
    private static string Kept(params string[] filters)
    {
        var filter = Filter(filters);
        return string.Join(',', s_all.Where(filter.Matches).Select(c => c.Name));
    }

    [Theory]
    [InlineData("name=web", "web2,web")]
    [InlineData("name=^/web$", "web")]
    [InlineData("name=^web$", "web")]
    [InlineData("name=/web", "web2,web")]
    [InlineData("name=b$", "job,web")]
    [InlineData("name=[", "")]
    [InlineData("name=j.b", "job")]
    public void Name_is_a_regular_expression_on_the_name_with_and_without_its_slash(string filter, string kept) =>
        Assert.Equal(kept, Kept(filter));

    [Theory]
    [InlineData("id=0123", "web")]
    [InlineData("id=0123456789ab", "web")]
    [InlineData("id=01", "")]
    [InlineData("id=ab", "web2")]
    [InlineData("id=456", "")]
    public void Id_is_a_prefix_naming_exactly_one_container(string filter, string kept) => Assert.Equal(kept, Kept(filter));

    [Theory]
    [InlineData("label=team", "web")]
    [InlineData("label=team=web", "web")]
    [InlineData("label=team=db", "")]
    [InlineData("label=team!=db", "")]
    public void Label_is_a_key_or_key_and_value(string filter, string kept) => Assert.Equal(kept, Kept(filter));

    [Fact]
    public void Every_label_given_must_hold_while_other_keys_are_alternatives()
    {
        Assert.Equal("web", Kept("label=team=web", "label=tier=front"));
        Assert.Equal("", Kept("label=team=web", "label=tier=back"));
        Assert.Equal("job,web", Kept("name=job", "name=^web$"));
        Assert.Equal("job,web", Kept("status=exited", "status=running"));
        Assert.Equal("", Kept("name=job", "status=running"));
    }

    [Theory]
    [InlineData("status=running", "web")]
    [InlineData("status=created", "web2")]
    [InlineData("exited=3", "job")]
    [InlineData("exited=0", "")]
    [InlineData("is-task=true", "")]
    [InlineData("is-task=false", "web2,job,web")]
    [InlineData("health=none", "web2,job,web")]
    [InlineData("health=healthy", "")]
    public void State_filters(string filter, string kept) => Assert.Equal(kept, Kept(filter));

    [Theory]
    [InlineData("ancestor=busybox", "job,web")]
    [InlineData("ancestor=busybox:latest", "job,web")]
    [InlineData("ancestor=feed", "job,web")]
    [InlineData("ancestor=alpine", "")]
    public void Ancestor_resolves_the_image(string filter, string kept) => Assert.Equal(kept, Kept(filter));

    [Theory]
    [InlineData("before=web2", "job,web")]
    [InlineData("before=job", "web")]
    [InlineData("since=web", "web2,job")]
    [InlineData("since=/job", "web2")]
    [InlineData("since=web;before=web2", "job")]
    [InlineData("since=job;before=job", "")]
    public void Before_and_since_follow_creation_order(string filters, string kept) => Assert.Equal(kept, Kept(filters.Split(';')));

    [Fact]
    public void Before_and_since_take_a_full_id_or_an_exact_name()
    {
        Assert.Equal("web2,job", Kept("since=" + s_web.Id));
        var error = Assert.Throws<EngineException>(() => Filter("since=missing"));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("no such container missing", error.Message);
        Assert.Equal("no such container 0123456789ab", Assert.Throws<EngineException>(() => Filter("before=0123456789ab")).Message);
    }

    [Theory]
    [InlineData("volume=/data", "web")]
    [InlineData("volume=/srv/data", "web")]
    [InlineData("volume=/srv", "")]
    [InlineData("network=front", "web")]
    [InlineData("network=a1b", "web")]
    [InlineData("network=none", "web2,job")]
    [InlineData("network=back", "")]
    public void Volume_and_network(string filter, string kept) => Assert.Equal(kept, Kept(filter));

    [Theory]
    [InlineData("publish=8080", "web")]
    [InlineData("publish=8080/tcp", "web")]
    [InlineData("publish=8000-8100/tcp", "web")]
    [InlineData("publish=8080/udp", "")]
    [InlineData("publish=80", "")]
    [InlineData("expose=80", "web")]
    [InlineData("expose=9001", "web")]
    [InlineData("expose=8999-9000/tcp", "web")]
    [InlineData("expose=8080", "")]
    public void Publish_reads_host_ports_and_expose_container_ports_of_running_containers(string filter, string kept) =>
        Assert.Equal(kept, Kept(filter));

    [Fact]
    public void Only_a_status_reaches_stopped_containers_without_all()
    {
        Assert.True(ContainerFilters.ImpliesAll(FilterArgs.FromPairs([("status", "exited")])));
        Assert.False(ContainerFilters.ImpliesAll(FilterArgs.FromPairs([("exited", "0")])));
        Assert.False(ContainerFilters.ImpliesAll(FilterArgs.FromPairs([("since", "web")])));
    }

    [Theory]
    [InlineData("color", "red", "invalid filter 'color'")]
    [InlineData("status", "sleeping", "invalid filter 'status=sleeping'")]
    [InlineData("exited", "x", "strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("is-task", "x", "invalid filter 'is-task=[x]'")]
    [InlineData("health", "bogus", "Unrecognised filter value for health: bogus")]
    [InlineData("publish", "x", "error while looking up for publish x: strconv.ParseUint: parsing \"x\": invalid syntax")]
    [InlineData("publish", "80-", "error while looking up for publish 80-: strconv.ParseUint: parsing \"\": invalid syntax")]
    [InlineData("expose", "70000", "error while looking up for expose 70000: strconv.ParseUint: parsing \"70000\": value out of range")]
    [InlineData("publish", "127.0.0.1:80", "filter for 'publish' should not contain ':': 127.0.0.1:80")]
    public void Bad_filters_are_refused_with_dockers_words(string key, string value, string message)
    {
        var error = Assert.Throws<EngineException>(() => ContainerFilters.Validate(FilterArgs.FromPairs([(key, value)])));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(message, error.Message);
    }
}
