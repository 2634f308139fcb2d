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

    [Theory]
    [InlineData(ContainerStatus.Running, 0, "Up 5 seconds")]
    [InlineData(ContainerStatus.Paused, 0, "Up 5 seconds (Paused)")]
    [InlineData(ContainerStatus.Exited, 137, "Exited (137) 3 seconds ago")]
    [InlineData(ContainerStatus.Created, 0, "Created")]
    [InlineData(ContainerStatus.Dead, 0, "Dead")]
    public void Status_text_is_the_one_docker_computes(ContainerStatus status, int exitCode, string expected) =>
        Assert.Equal(expected, ContainerStatusText.Of(Container(status, exitCode).State, s_now));

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
