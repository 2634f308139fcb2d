using Cais.Common;
using Cais.Containers;
using Cais.Metadata;

namespace Cais.Core.Tests.Containers.Service;

/// <summary>Create refuses what Docker refuses, in Docker's words, and a refused create leaves nothing.</summary>
public sealed class ContainerCreateValidationTests : ContainerServiceTestBase
{
    [Theory]
    [InlineData("-web")]
    [InlineData("w")]
    [InlineData("web server")]
    [InlineData("web/1")]
    public async Task A_bad_name_is_refused(string name)
    {
        var error = await RefusedAsync(ContainerServiceTestBed.Options(name), ErrorKind.InvalidArgument);
        Assert.Equal($"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", error.Message);
    }

    [Fact]
    public async Task A_name_in_use_is_refused_and_the_first_container_is_kept()
    {
        var first = await Bed.CreateAsync(ContainerServiceTestBed.Options("web"));

        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.CreateAsync(ContainerServiceTestBed.Options("/web")));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.StartsWith($"Conflict. The container name \"/web\" is already in use by container \"{first.Id}\".", error.Message, StringComparison.Ordinal);
        Assert.Equal([first.Id], Bed.Records.List().Select(r => r.Id));
        Assert.Equal([first.Id], Bed.Snapshots());
    }

    [Fact]
    public async Task A_missing_image_is_refused()
    {
        var error = await RefusedAsync(ContainerServiceTestBed.Options() with { Image = "nope:latest" }, ErrorKind.NotFound);
        Assert.Equal("No such image: nope:latest", error.Message);
    }

    [Theory]
    [InlineData("80/foo", "invalid proto: foo")]
    [InlineData("web", "invalid containerPort: web")]
    [InlineData("x:80", "invalid hostPort: x")]
    public void A_bad_publish_is_refused(string publish, string message)
    {
        // -p is parsed at the front door into CreateOptions.Publish; the parser refuses in Docker's words.
        var error = Assert.Throws<EngineException>(() => Cais.Network.Ports.PortSpec.ParseAll([publish]));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("/src", "invalid volume specification: '/src'")]
    [InlineData("/src:dst", "invalid volume specification: '/src:dst': invalid mount config for type \"bind\": invalid mount path: 'dst' mount path must be absolute")]
    [InlineData("/src:/", "invalid volume specification: '/src:/': invalid mount config for type \"bind\": invalid specification: destination can't be '/'")]
    [InlineData("/src:/dst:rx", "invalid mode: rx")]
    public async Task A_bad_volume_is_refused(string volume, string message)
    {
        var error = await RefusedAsync(ContainerServiceTestBed.Options() with { Volumes = [volume] }, ErrorKind.InvalidArgument);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task A_relative_working_directory_is_refused()
    {
        var error = await RefusedAsync(ContainerServiceTestBed.Options() with { WorkingDir = "app" }, ErrorKind.InvalidArgument);
        Assert.Equal("the working directory 'app' is invalid, it needs to be an absolute path", error.Message);
    }

    [Fact]
    public async Task A_valid_create_records_a_created_container_with_a_snapshot_and_calls_no_runtime()
    {
        var record = await Bed.CreateAsync(ContainerServiceTestBed.Options("web"));

        Assert.Equal(ContainerStatus.Created, Bed.Find(record.Id)!.State.Status);
        Assert.Equal(["/bin/app"], record.Command);
        Assert.Equal([record.Id], Bed.Snapshots());
        Assert.Empty(Bed.Runtime.Calls);
    }

    private async Task<EngineException> RefusedAsync(CreateOptions options, ErrorKind kind)
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.CreateAsync(options));
        Assert.Equal(kind, error.Kind);
        Assert.Empty(Bed.Records.List());
        Assert.Empty(Bed.Snapshots());
        Assert.Empty(Bed.Runtime.Calls);
        return error;
    }
}
