using Cais.Api;
using Cais.Common;
using Cais.Containers.Listing;
using Cais.Metadata;

namespace Cais.Core.Tests.Containers.Listing;

public sealed class ContainerListingTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static ContainerRecord Container(ContainerStatus status, int exitCode = 0) => new()
    {
        Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        Name = "web",
        ImageId = "sha256:feed",
        ImageName = "busybox",
        Created = s_now.AddMinutes(-10),
        Command = ["sh", "-c", "sleep 1000"],
        Settings = new ContainerSettings
        {
            NetworkMode = "bridge",
            Networks = [new NetworkRequest { Network = "front" }],
            Labels = new Dictionary<string, string> { ["team"] = "web" },
        },
        State = new ContainerStateRecord { Status = status, ExitCode = exitCode, StartedAt = s_now.AddSeconds(-5), FinishedAt = s_now.AddSeconds(-3) },
    };

    private static bool Matches(ContainerRecord c, params string[] filters)
    {
        var args = FilterArgs.FromPairs(filters.Select(FilterSyntax.Split));
        ContainerFilters.Validate(args);
        return ContainerFilters.Matches(c, args, name => name == "busybox:latest" ? "sha256:feed" : null, name => name == "front" ? "a1b2c3" : null);
    }

    [Theory]
    [InlineData(ContainerStatus.Running, 0, "Up 5 seconds")]
    [InlineData(ContainerStatus.Paused, 0, "Up 5 seconds (Paused)")]
    [InlineData(ContainerStatus.Exited, 137, "Exited (137) 3 seconds ago")]
    [InlineData(ContainerStatus.Created, 0, "Created")]
    [InlineData(ContainerStatus.Dead, 0, "Dead")]
    public void Status_text_is_the_one_docker_computes(ContainerStatus status, int exitCode, string expected) =>
        Assert.Equal(expected, ContainerStatusText.Of(Container(status, exitCode).State, s_now));

    [Theory]
    [InlineData("id=0123")]
    [InlineData("name=we")]
    [InlineData("status=running")]
    [InlineData("label=team")]
    [InlineData("label=team=web")]
    [InlineData("ancestor=busybox")]
    [InlineData("ancestor=busybox:latest")]
    [InlineData("network=front")]
    [InlineData("network=a1b")]
    public void Matching_filters_keep_the_container(string filter) => Assert.True(Matches(Container(ContainerStatus.Running), filter));

    [Theory]
    [InlineData("id=123")]
    [InlineData("status=exited")]
    [InlineData("exited=0")]
    [InlineData("label=team=db")]
    [InlineData("ancestor=alpine")]
    [InlineData("network=back")]
    public void Other_filters_drop_it(string filter) => Assert.False(Matches(Container(ContainerStatus.Running), filter));

    [Fact]
    public void Every_filter_must_match_and_status_filters_reach_stopped_containers()
    {
        Assert.True(Matches(Container(ContainerStatus.Exited, 3), "status=exited", "exited=3"));
        Assert.False(Matches(Container(ContainerStatus.Exited, 3), "exited=3", "name=db"));
        Assert.True(ContainerFilters.ImpliesAll(FilterArgs.FromPairs([("exited", "0")])));
        Assert.False(ContainerFilters.ImpliesAll(FilterArgs.FromPairs([("name", "x")])));
    }

    [Theory]
    [InlineData("color", "red", "invalid filter 'color'")]
    [InlineData("status", "sleeping", "invalid filter 'status=sleeping'")]
    public void Bad_filters_are_refused_with_dockers_words(string key, string value, string message)
    {
        var error = Assert.Throws<EngineException>(() => ContainerFilters.Validate(FilterArgs.FromPairs([(key, value)])));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Summary_carries_dockers_fields()
    {
        var summary = ContainerSummaries.Build(Container(ContainerStatus.Running), s_now, _ => "a1b2c3");
        Assert.Equal(["/web"], summary.Names);
        Assert.Equal("sh -c 'sleep 1000'", summary.Command);
        Assert.Equal(s_now.AddMinutes(-10).ToUnixTimeSeconds(), summary.Created);
        Assert.Equal("running", summary.State);
        Assert.Equal("Up 5 seconds", summary.Status);
        Assert.Equal("a1b2c3", summary.NetworkSettings!.Networks!["front"].NetworkID);
        Assert.Equal("bridge", summary.HostConfig!.NetworkMode);
    }
}
