using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>
/// ps and images filters on the real binary, with the results and errors dockerd gives for the same commands (checked
/// against Docker 28's CLI on dockerd): creation order for since/before, names as regular expressions, host and container
/// ports, ancestors, untagged images and reference globs.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class ListFilterTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        Requires.Root("ip", "iptables-save");
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    private async Task<string> NamesAsync(params string[] filters) =>
        await fixture.OkAsync([.. new[] { "ps", "-a", "--format", "{{.Names}}" }, .. filters.SelectMany(f => new[] { "--filter", f })]);

    [Fact]
    public async Task Ps_filters_select_as_dockers_do()
    {
        var port = Ports.Free();
        await fixture.OkAsync("run", "-d", "--name", "f-web", "--label", "team=web", "-p", $"127.0.0.1:{port}:80", fixture.Image, "sleep", "300");
        await fixture.OkAsync("create", "--name", "f-idle", "--network", "none", fixture.Image, "true");
        var job = await fixture.RunAsync("run", "--name", "f-job", "--network", "none", fixture.Image, "sh", "-c", "exit 3");
        Assert.Equal(3, job.ExitCode);

        Assert.Equal("f-job\nf-idle", await NamesAsync("since=f-web"));
        Assert.Equal("f-idle\nf-web", await NamesAsync("before=f-job"));
        Assert.Equal("f-idle", await NamesAsync("since=/f-web", "before=f-job"));
        Assert.Equal("f-web", await NamesAsync("name=^/f-web$"));
        Assert.Equal("f-job\nf-idle\nf-web", await NamesAsync("name=^f-"));
        Assert.Equal("f-job\nf-web", await NamesAsync("name=job", "name=web"));
        Assert.Equal("f-job", await NamesAsync("exited=3"));
        Assert.Equal("f-idle", await NamesAsync("status=created"));
        Assert.Equal("f-web", await NamesAsync("label=team=web"));
        Assert.Equal("", await NamesAsync("label=team!=web"));
        Assert.Equal("f-web", await NamesAsync($"publish={port}"));
        Assert.Equal("f-web", await NamesAsync($"publish={port}/tcp"));
        Assert.Equal("", await NamesAsync("publish=80"));
        Assert.Equal("f-web", await NamesAsync("expose=80"));
        Assert.Equal("f-web", await NamesAsync("expose=79-81/tcp"));
        Assert.Equal("", await NamesAsync("expose=80/udp"));
        Assert.Equal("f-job\nf-idle\nf-web", await NamesAsync("ancestor=" + fixture.Image));
        var imageId = await fixture.OkAsync("image", "inspect", "-f", "{{.Id}}", fixture.Image);
        Assert.Equal("f-job\nf-idle\nf-web", await NamesAsync("ancestor=" + imageId[7..19]));
        Assert.Equal("", await NamesAsync("ancestor=no-such-image"));
        Assert.Equal("", await NamesAsync("is-task=true"));
        Assert.Equal("f-job\nf-idle\nf-web", await NamesAsync("health=none"));

        // Without -a: running ones only, unless a status is asked for; -n and -l count after filtering.
        Assert.Equal("f-web", await fixture.OkAsync("ps", "--filter", "before=f-idle", "--filter", "name=web", "--format", "{{.Names}}"));
        Assert.Equal("", await fixture.OkAsync("ps", "--filter", "since=f-web", "--format", "{{.Names}}"));
        Assert.Equal("", await fixture.OkAsync("ps", "--filter", "exited=3", "--format", "{{.Names}}"));
        Assert.Equal("f-idle", await fixture.OkAsync("ps", "--filter", "status=created", "--format", "{{.Names}}"));
        Assert.Equal("f-idle\nf-web", await fixture.OkAsync("ps", "-n", "2", "--filter", "name=-[iw]", "--format", "{{.Names}}"));
        Assert.Equal("f-idle", await fixture.OkAsync("ps", "-l", "--filter", "name=-[iw]", "--format", "{{.Names}}"));
        var idle = await fixture.OkAsync("inspect", "-f", "{{.Id}}", "f-idle");
        Assert.Equal(idle[..12], await fixture.OkAsync("ps", "-aq", "--filter", "status=created"));
        Assert.Equal(idle[..12], await fixture.OkAsync("ps", "-aq", "--filter", "id=" + idle[..6]));
    }

    [Theory]
    [InlineData("since=missing", "no such container missing")]
    [InlineData("bogus=1", "invalid filter 'bogus'")]
    [InlineData("status=sleeping", "invalid filter 'status=sleeping'")]
    [InlineData("is-task=x", "invalid filter 'is-task=[x]'")]
    [InlineData("health=bogus", "Unrecognised filter value for health: bogus")]
    [InlineData("publish=x", "error while looking up for publish x: strconv.ParseUint: parsing \"x\": invalid syntax")]
    [InlineData("exited=x", "strconv.Atoi: parsing \"x\": invalid syntax")]
    public async Task Bad_ps_filters_fail_with_dockers_words(string filter, string message)
    {
        var result = await fixture.RunAsync("ps", "--filter", filter);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"Error response from daemon: {message}\n", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Images_filters_find_untagged_images_and_match_reference_globs()
    {
        // Re-publishing the repository's tag to another image leaves the first one untagged, as a rebuild does.
        var repository = TestNames.For("flt");
        var first = await TestImages.MultiLayerWithWhiteouts().PublishAsync(fixture.RegistryHost, repository + ":latest", CancellationToken.None);
        await fixture.OkAsync("pull", "-q", first.Reference);
        var firstId = await fixture.OkAsync("image", "inspect", "-f", "{{.Id}}", first.Reference);
        await TestImages.Busybox().PublishAsync(fixture.RegistryHost, repository + ":latest", CancellationToken.None);
        await fixture.OkAsync("pull", "-q", first.Reference);
        await fixture.OkAsync("tag", fixture.Image, "lib/busybox:1.0");

        Assert.Equal(firstId[7..19], await fixture.OkAsync("images", "-f", "dangling=true", "-q"));
        Assert.DoesNotContain(firstId[7..19], await fixture.OkAsync("images", "-f", "dangling=false", "-q"), StringComparison.Ordinal);
        Assert.Equal("lib/busybox:1.0", await fixture.OkAsync("images", "--filter", "reference=*/busybox:1.*", "--format", "{{.Repository}}:{{.Tag}}"));
        Assert.Equal("lib/busybox:1.0", await fixture.OkAsync("images", "--filter", "reference=lib/*", "--format", "{{.Repository}}:{{.Tag}}"));
        Assert.Equal("", await fixture.OkAsync("images", "--filter", "reference=busybox", "--format", "{{.Repository}}"));
        // The untagged image keeps its digest name in that repository, so the glob lists it too, as Docker does.
        var registryImages = await fixture.OkAsync("images", "--filter", "reference=*/" + repository, "--format", "{{.Repository}}:{{.Tag}}");
        Assert.Equal([$"{fixture.RegistryHost}/{repository}:<none>", $"{fixture.RegistryHost}/{repository}:latest"], registryImages.Split('\n').Order(StringComparer.Ordinal));
        Assert.Equal("lib/busybox:1.0", await fixture.OkAsync("images", "lib/busybox", "--filter", "reference=nothing*", "--format", "{{.Repository}}:{{.Tag}}"));

        var bad = await fixture.RunAsync("images", "--filter", "dangling=1");
        Assert.True(bad.ExitCode == 1, bad.ToString());
        Assert.Equal("Error response from daemon: invalid filter 'dangling=[1]'\n", bad.Stderr);
        var missing = await fixture.RunAsync("images", "--filter", "since=missing");
        Assert.Equal("Error response from daemon: No such image: missing:latest\n", missing.Stderr);
        var pattern = await fixture.RunAsync("images", "--filter", "reference=[");
        Assert.Equal("Error response from daemon: syntax error in pattern\n", pattern.Stderr);
    }
}
