using Cais.Common;
using Cais.Metadata;

namespace Cais.Core.Tests.Containers.Service;

/// <summary><c>--network container:X</c>: X must exist at create and run at start, as in Docker.</summary>
public sealed class ContainerModeTests : ContainerServiceTestBase
{
    [Fact]
    public async Task Joining_a_missing_container_is_refused_at_create()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.CreateAsync(ContainerServiceTestBed.Options("web") with { NetworkMode = "container:nope" }));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("No such container: nope", error.Message);
        Assert.Empty(Bed.Records.List());
        Assert.Empty(Bed.Snapshots());
    }

    [Fact]
    public async Task Joining_a_stopped_container_is_refused_at_start_and_the_joiner_stays_created()
    {
        var target = await Bed.CreateAsync(ContainerServiceTestBed.Options("db"));
        var joiner = await Bed.CreateAsync(ContainerServiceTestBed.Options("web") with { NetworkMode = "container:db" });
        Assert.Equal("container:" + target.Id, joiner.Settings.NetworkMode);

        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.StartAsync("web", beforeStart: null, CancellationToken.None));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal($"cannot join network namespace of a non running container: {target.Id}", error.Message);
        var record = Bed.Find(joiner.Id)!;
        Assert.Equal(ContainerStatus.Created, record.State.Status);
        Assert.Equal(error.Message, record.State.Error);
        Assert.DoesNotContain(nameof(Cais.Runtime.IContainerRuntime.CreateAsync), Bed.Runtime.CallsFor(joiner.Id));
    }

    [Fact]
    public async Task Joining_a_running_container_uses_its_namespace()
    {
        var target = await Bed.RunAsync(ContainerServiceTestBed.Options("db"));
        var joiner = await Bed.CreateAsync(ContainerServiceTestBed.Options("web") with { NetworkMode = "container:db" });

        var started = await Bed.Service.StartAsync(joiner.Id, beforeStart: null, CancellationToken.None);

        Assert.Equal(ContainerStatus.Running, started.State.Status);
        var spec = await File.ReadAllTextAsync(Path.Combine(Bed.Paths.ContainerRun(joiner.Id), "config.json"));
        Assert.Contains($"/proc/{target.State.Pid}/ns/net", spec, StringComparison.Ordinal);
    }
}
