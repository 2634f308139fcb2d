using Cais.TestSupport;

namespace Cais.Integration.Tests.Images;

/// <summary>Layer sharing, rmi/tag rules and concurrent pulls against one store.</summary>
public sealed class ImageStoreTests(ImageRegistryFixture fixture) : IClassFixture<ImageRegistryFixture>
{
    [Fact]
    public async Task Shared_layers_are_fetched_once_and_removed_only_with_their_last_image()
    {
        var baseImage = await fixture.PublishAsync("busybox", () => TestImages.Busybox());
        var derived = await fixture.PublishAsync("derived", () =>
        {
            var builder = TestImages.Busybox();
            builder.AddLayer(LayerCompression.Gzip, "marker").AddFile("/derived", "derived\n");
            return builder;
        });
        var shared = baseImage.Layers[0].Digest;
        Assert.Equal(shared, derived.Layers[0].Digest);
        await using var proxy = await FaultyProxy.StartAsync(fixture.Registry, CancellationToken.None);
        await using var cli = new CaisCli();
        var a = $"{proxy.Host}/{baseImage.Repository}:{baseImage.Tag}";
        var b = $"{proxy.Host}/{derived.Repository}:{derived.Tag}";

        await cli.OkAsync("pull", a);
        Assert.Single(BlobGets(proxy, shared.ToString()));
        var afterA = StoreState.Of(cli);
        Assert.Single(afterA.Layers);

        var pullB = await cli.OkAsync("pull", b);
        Assert.Contains(shared.Short + ": Already exists", pullB, StringComparison.Ordinal);
        Assert.Single(BlobGets(proxy, shared.ToString()));
        Assert.Single(BlobGets(proxy, derived.Layers[1].Digest.ToString()));
        var afterB = StoreState.Of(cli);
        Assert.Equal(2, afterB.Layers.Count);
        Assert.Contains(afterA.Layers[0], afterB.Layers);

        var rmiA = await cli.OkAsync("rmi", a);
        Assert.Contains("Deleted: " + baseImage.Image.Manifest.ConfigDigest, rmiA, StringComparison.Ordinal);
        var afterRmiA = StoreState.Of(cli);
        Assert.Equal(afterB.Layers, afterRmiA.Layers);
        Assert.Contains(shared.Hex, afterRmiA.Blobs);
        Assert.DoesNotContain(baseImage.Image.Manifest.ConfigDigest.Hex, afterRmiA.Blobs);
        Assert.DoesNotContain(baseImage.Digest.Hex, afterRmiA.Blobs);
        Assert.Equal("derived", await cli.OkAsync("run", "--rm", b, "cat", "/derived"));

        await cli.OkAsync("rmi", b);
        Assert.Empty(await cli.OkAsync("images", "-q"));
        var empty = StoreState.Of(cli);
        Assert.True(empty.IsEmpty, empty.ToString());
    }

    [Fact]
    public async Task Rmi_refuses_an_image_a_container_uses_and_untags_before_deleting()
    {
        var image = await fixture.PublishAsync("busybox", () => TestImages.Busybox());
        await using var cli = new CaisCli();
        var reference = image.Reference;
        await cli.OkAsync("pull", "-q", reference);
        var imageId = image.Image.Manifest.ConfigDigest;

        // Two tags: removing one only untags; removing the last one deletes.
        var other = $"{fixture.Host}/{TestNames.For("other")}:v2";
        Assert.Empty(await cli.OkAsync("tag", reference, other));
        Assert.Equal(
            new[] { reference, other }.Order(StringComparer.Ordinal),
            (await cli.OkAsync("images", "--format", "{{.Repository}}:{{.Tag}}")).Split('\n').Order(StringComparer.Ordinal));
        Assert.Equal("Untagged: " + other, await cli.OkAsync("rmi", other));
        Assert.Equal(imageId.Hex[..12], await cli.OkAsync("images", "-q"));

        // A created (not running) container pins the image.
        var container = await cli.OkAsync("create", reference, "true");
        var refused = await cli.RunAsync("rmi", reference);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"Error response from daemon: conflict: unable to remove repository reference \"{reference}\" (must force) - container {container[..12]} is using its referenced image {imageId.Hex[..12]}",
            refused.Stderr, StringComparison.Ordinal);
        var refusedById = await cli.RunAsync("rmi", imageId.Hex[..12]);
        Assert.Equal(1, refusedById.ExitCode);
        Assert.Contains($"conflict: unable to delete {imageId.Hex[..12]} (must force) - container {container[..12]} is using its referenced image", refusedById.Stderr, StringComparison.Ordinal);
        Assert.Equal(imageId.Hex[..12], await cli.OkAsync("images", "-q"));

        // Forced: untagged (Docker keeps the image for the container, without a name).
        var forced = await cli.OkAsync("rmi", "-f", reference);
        Assert.Contains("Untagged: " + reference, forced, StringComparison.Ordinal);
        Assert.DoesNotContain("Deleted:", forced, StringComparison.Ordinal);
        Assert.DoesNotContain(reference, await cli.OkAsync("images", "--format", "{{.Repository}}:{{.Tag}}"), StringComparison.Ordinal);
        Assert.Equal(imageId.ToString(), await cli.OkAsync("inspect", "--format", "{{.Image}}", container));

        // Once the container is gone and the image has a single tag again, rmi of that tag deletes it.
        await cli.OkAsync("rm", container);
        await cli.OkAsync("tag", imageId.Hex[..12], other);
        var deleted = await cli.OkAsync("rmi", other);
        Assert.Contains("Untagged: " + other, deleted, StringComparison.Ordinal);
        Assert.Contains("Deleted: " + imageId, deleted, StringComparison.Ordinal);
        Assert.Empty(await cli.OkAsync("images", "-q"));
        var state = StoreState.Of(cli);
        Assert.True(state.IsEmpty, state.ToString());
    }

    [Fact]
    public async Task Two_concurrent_pulls_of_one_image_both_succeed_and_store_it_once()
    {
        var image = await fixture.PublishAsync("concurrent", () =>
        {
            var builder = TestImages.Busybox();
            builder.AddLayer(LayerCompression.Gzip, "marker").AddFile("/concurrent", "yes\n");
            return builder;
        });
        await using var cli = new CaisCli();
        using var first = cli.Start(["pull", image.Reference]);
        using var second = cli.Start(["pull", image.Reference]);
        var outputs = await Task.WhenAll(CollectAsync(first), CollectAsync(second));
        foreach (var (code, stdout, stderr) in outputs)
        {
            Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
            Assert.EndsWith(image.Reference, stdout.TrimEnd('\n'), StringComparison.Ordinal);
        }

        Assert.Equal(image.Image.Manifest.ConfigDigest.Hex[..12], await cli.OkAsync("images", "-q"));
        var state = StoreState.Of(cli);
        Assert.Equal(image.Layers.Count, state.Layers.Count);
        Assert.Empty(state.Ingests);
        var expectedBlobs = image.Layers.Select(l => l.Digest.Hex)
            .Append(image.Image.Manifest.ConfigDigest.Hex)
            .Append(image.Digest.Hex)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expectedBlobs, state.Blobs);
        Assert.Equal("yes", await cli.OkAsync("run", "--rm", image.Reference, "cat", "/concurrent"));
    }

    private static List<ProxiedRequest> BlobGets(FaultyProxy proxy, string digest) =>
        proxy.Requests.Where(r => r.IsBlobGet && r.Target.Contains(digest, StringComparison.Ordinal)).ToList();

    private static async Task<(int Code, string Stdout, string Stderr)> CollectAsync(System.Diagnostics.Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
