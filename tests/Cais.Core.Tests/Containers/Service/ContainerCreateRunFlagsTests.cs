using Cais.Common;

namespace Cais.Core.Tests.Containers.Service;

/// <summary>--pid, --ipc, --uts, --domainname, --expose and the attach streams: recorded at create and shown by inspect.</summary>
public sealed class ContainerCreateRunFlagsTests : ContainerServiceTestBase
{
    [Fact]
    public async Task Defaults_are_dockers()
    {
        var created = await Bed.CreateAsync(ContainerServiceTestBed.Options());

        var inspect = await Bed.Service.InspectAsync(created.Id, CancellationToken.None);
        Assert.Equal(("", "private", ""), (inspect.HostConfig!.PidMode, inspect.HostConfig!.IpcMode, inspect.HostConfig!.UTSMode));
        Assert.Equal((false, true, true), (inspect.Config!.AttachStdin, inspect.Config!.AttachStdout, inspect.Config!.AttachStderr));
        Assert.Equal("", inspect.Config!.Domainname);
        Assert.Equal("", inspect.HostConfig!.ContainerIDFile);
    }

    [Fact]
    public async Task Container_modes_are_recorded_with_the_targets_id()
    {
        var donor = await Bed.CreateAsync(ContainerServiceTestBed.Options("donor") with { IpcMode = "shareable" });

        var joined = await Bed.CreateAsync(ContainerServiceTestBed.Options() with { PidMode = "container:donor", IpcMode = "container:donor", UtsMode = "host" });

        var inspect = await Bed.Service.InspectAsync(joined.Id, CancellationToken.None);
        Assert.Equal("container:" + donor.Id, inspect.HostConfig!.PidMode);
        Assert.Equal("container:" + donor.Id, inspect.HostConfig!.IpcMode);
        Assert.Equal("host", inspect.HostConfig!.UTSMode);
    }

    [Fact]
    public async Task A_missing_target_is_refused_and_nothing_is_created()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.CreateAsync(ContainerServiceTestBed.Options() with { IpcMode = "container:nosuch" }));

        Assert.Equal((ErrorKind.NotFound, "No such container: nosuch"), (error.Kind, error.Message));
        Assert.Empty(Bed.Records.List());
    }

    [Fact]
    public async Task Uts_host_with_a_hostname_is_refused()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.CreateAsync(ContainerServiceTestBed.Options() with { UtsMode = "host", Hostname = "web" }));

        Assert.Equal("conflicting options: hostname and the UTS mode", error.Message);
        Assert.Empty(Bed.Records.List());
    }

    [Fact]
    public async Task Joining_a_container_that_is_not_running_fails_at_start_in_dockers_words()
    {
        var donor = await Bed.CreateAsync(ContainerServiceTestBed.Options("donor"));
        var joined = await Bed.CreateAsync(ContainerServiceTestBed.Options() with { PidMode = "container:donor" });

        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.StartAsync(joined.Id, null, CancellationToken.None));

        Assert.Equal($"container {donor.Id} is not running", error.Message);
    }

    [Fact]
    public async Task Joining_the_ipc_of_a_private_container_is_refused_at_start()
    {
        var donor = await Bed.RunAsync(ContainerServiceTestBed.Options("donor"));
        var joined = await Bed.CreateAsync(ContainerServiceTestBed.Options() with { IpcMode = "container:donor" });

        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.StartAsync(joined.Id, null, CancellationToken.None));

        Assert.Equal($"can't join IPC of container {donor.Id}: non-shareable IPC (hint: use IpcMode:shareable for the donor container)", error.Message);
    }

    [Fact]
    public async Task Expose_adds_to_the_exposed_ports_in_inspect()
    {
        var created = await Bed.CreateAsync(ContainerServiceTestBed.Options() with { Expose = ["80", "7000-7001/udp"], Domainname = "example.com" });

        var inspect = await Bed.Service.InspectAsync(created.Id, CancellationToken.None);
        Assert.Equal(["7000/udp", "7001/udp", "80/tcp"], inspect.Config!.ExposedPorts!.Keys);
        Assert.Equal("example.com", inspect.Config!.Domainname);
    }

    [Fact]
    public async Task A_bad_expose_is_refused_in_dockers_words()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.CreateAsync(ContainerServiceTestBed.Options() with { Expose = ["5-3"] }));

        Assert.StartsWith("invalid range format for --expose: 5-3, error: ", error.Message, StringComparison.Ordinal);
        Assert.Empty(Bed.Records.List());
    }
}
