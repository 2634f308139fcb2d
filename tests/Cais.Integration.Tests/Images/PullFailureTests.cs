using System.Diagnostics;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Images;

/// <summary>
/// Pulls that go wrong: missing images, corrupted blobs, a registry vanishing mid-download and a cut connection.
/// Failures must be reported clearly and leave nothing half-made in the store.
/// </summary>
public sealed class PullFailureTests(ImageRegistryFixture fixture) : IClassFixture<ImageRegistryFixture>
{
    private const int LargeMegabytes = 12;

    [Fact]
    public async Task Missing_repository_or_tag_fails_with_not_found_and_leaves_nothing()
    {
        var existing = await fixture.PublishAsync("busybox", () => TestImages.Busybox());
        await using var cli = new CaisCli();

        foreach (var reference in new[] { $"{fixture.Host}/{TestNames.For("absent")}:latest", $"{existing.Host}/{existing.Repository}:no-such-tag" })
        {
            var result = await cli.RunAsync("pull", reference);
            Assert.True(result.ExitCode != 0, result.ToString());
            Assert.True(
                result.Stderr.Contains("not found", StringComparison.Ordinal) || result.Stderr.Contains("manifest unknown", StringComparison.Ordinal),
                result.ToString());
        }

        Assert.Empty(await cli.OkAsync("images", "-q"));
        var state = StoreState.Of(cli);
        Assert.True(state.IsEmpty, state.ToString());
    }

    [Theory]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.None)]
    public async Task Corrupted_layer_fails_the_pull_and_leaves_nothing(LayerCompression compression)
    {
        // The corrupted busybox layer is big, the marker layer tiny: the marker usually commits before the base fails,
        // so this also checks that a layer committed by a failed pull does not stay behind.
        var image = await fixture.PublishAsync("corrupt-" + compression, () =>
        {
            var builder = TestImages.Busybox(compression);
            builder.AddLayer(compression, "marker").AddFile("/marker", "marker\n");
            return builder;
        });
        await using var proxy = await FaultyProxy.StartAsync(fixture.Registry, CancellationToken.None);
        proxy.CorruptBlobs(digest: image.Layers[0].Digest.ToString());
        await using var cli = new CaisCli();

        var result = await cli.RunAsync("pull", $"{proxy.Host}/{image.Repository}:{image.Tag}");
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.True(
            result.Stderr.Contains("digest mismatch", StringComparison.Ordinal) || result.Stderr.Contains("diff ID mismatch", StringComparison.Ordinal),
            result.ToString());
        Assert.Contains(image.Layers[0].Digest.ToString(), result.Stderr, StringComparison.Ordinal);
        Assert.True(proxy.FaultsApplied >= 1);

        Assert.Empty(await cli.OkAsync("images", "-q"));
        var state = StoreState.Of(cli);
        Assert.True(state.IsEmpty, state.ToString());

        // Nothing poisoned the store: the same image pulls and runs once the bytes are right.
        proxy.ClearFaults();
        await cli.OkAsync("pull", $"{proxy.Host}/{image.Repository}:{image.Tag}");
        Assert.Equal("marker", await cli.OkAsync("run", "--rm", $"{proxy.Host}/{image.Repository}:{image.Tag}", "cat", "/marker"));
    }

    [Fact]
    public async Task Registry_going_away_mid_pull_fails_clearly_and_a_later_pull_completes()
    {
        var image = await fixture.PublishAsync("large", () => TestImages.LargeLayer(LargeMegabytes));
        var large = image.Layers[^1];
        await using var proxy = await FaultyProxy.StartAsync(fixture.Registry, CancellationToken.None);
        var cutAt = large.Size / 3;
        proxy.GoAwayAfter(cutAt, large.Digest.ToString());
        await using var cli = new CaisCli();

        var clock = Stopwatch.StartNew();
        var failed = await cli.RunAsync("pull", $"{proxy.Host}/{image.Repository}:{image.Tag}");
        clock.Stop();
        Assert.True(failed.ExitCode != 0, failed.ToString());
        Assert.True(proxy.IsGone);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the failing pull took {clock.Elapsed}");
        // The message names a blob of this image that broke (layers download in parallel, so the large one or a
        // sibling cut off with it) and why (the registry refused further connections).
        Assert.True(image.Layers.Any(l => failed.Stderr.Contains(l.Digest.ToString(), StringComparison.Ordinal)), failed.ToString());
        Assert.True(failed.Stderr.Contains("refused", StringComparison.OrdinalIgnoreCase), failed.ToString());
        Assert.Empty(await cli.OkAsync("images", "-q"));
        Assert.DoesNotContain(StoreState.Of(cli).Layers, l => l.Contains("/tmp-", StringComparison.Ordinal));

        // Another endpoint for the same registry: the pull completes, resuming the partial download.
        await using var working = await FaultyProxy.StartAsync(fixture.Registry, CancellationToken.None);
        var reference = $"{working.Host}/{image.Repository}:{image.Tag}";
        await cli.OkAsync("pull", reference);
        var largeGets = working.Requests.Where(r => r.IsBlobGet && r.Target.Contains(large.Digest.ToString(), StringComparison.Ordinal)).ToList();
        var get = Assert.Single(largeGets);
        Assert.NotNull(get.Range);
        Assert.True(get.BodyBytesSent < large.Size, $"resumed download sent {get.BodyBytesSent} of {large.Size} bytes");
        Assert.Equal(large.Size, get.BodyBytesSent + long.Parse(get.Range!["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((LargeMegabytes * 1024L * 1024L).ToString(System.Globalization.CultureInfo.InvariantCulture),
            await cli.OkAsync("run", "--rm", reference, "sh", "-c", "wc -c < /large.bin"));
        var state = StoreState.Of(cli);
        Assert.Empty(state.Ingests);
        Assert.Equal(image.Layers.Count, state.Layers.Count);
    }

    [Fact]
    public async Task Cut_connection_is_resumed_with_a_range_request()
    {
        var image = await fixture.PublishAsync("busybox", () => TestImages.Busybox());
        var layer = image.Layers[0];
        await using var proxy = await FaultyProxy.StartAsync(fixture.Registry, CancellationToken.None);
        proxy.CutBlobs(afterBytes: 100_000, requests: 1, digest: layer.Digest.ToString());
        await using var cli = new CaisCli();

        var reference = $"{proxy.Host}/{image.Repository}:{image.Tag}";
        await cli.OkAsync("pull", reference);
        Assert.Equal(1, proxy.FaultsApplied);
        Assert.Equal(["bytes=100000-"], proxy.RangeHeaders);
        var gets = proxy.Requests.Where(r => r.IsBlobGet && r.Target.Contains(layer.Digest.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Equal(2, gets.Count);
        Assert.Equal(layer.Size, gets.Sum(g => g.BodyBytesSent));
        Assert.Equal("hi", await cli.OkAsync("run", "--rm", reference, "echo", "hi"));
    }
}
