using Cais.TestSupport;

namespace Cais.Integration.Tests.Images;

/// <summary>
/// A layer that expands far beyond its download (200 MiB of zeros in a few hundred KiB of gzip) on a state root too
/// small for it: the pull stops with a clear error and leaves nothing, instead of filling the filesystem.
/// </summary>
public sealed class DiskSpaceTests(ImageRegistryFixture fixture) : IClassFixture<ImageRegistryFixture>
{
    [Fact]
    public async Task Layer_expanding_beyond_the_free_space_fails_the_pull_and_leaves_nothing()
    {
        var image = await fixture.PublishAsync("zeros-200m", () =>
        {
            var builder = TestImages.Busybox();
            builder.AddLayer(LayerCompression.Gzip, "compressible").AddFile("/zeros.bin", new byte[200 << 20]);
            return builder;
        });
        await using var cli = new CaisCli();
        Directory.CreateDirectory(cli.Root);
        await ExternalTool.RunCheckedAsync("mount", ["-t", "tmpfs", "-o", "size=64m", "cais-test-small", cli.Root], CancellationToken.None);
        try
        {
            var result = await cli.RunAsync(["pull", image.Reference], null, TimeSpan.FromMinutes(3));

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("no space left on device", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled", result.Stderr, StringComparison.Ordinal);
            Assert.Single(result.Stderr.Trim().Split('\n'));
            Assert.Empty(await cli.OkAsync("images", "-q"));
            var state = StoreState.Of(cli);
            Assert.True(state.IsEmpty, state.ToString());
        }
        finally
        {
            await ExternalTool.RunAsync("umount", ["-l", cli.Root], CancellationToken.None);
        }

        Assert.DoesNotContain(cli.Root, cli.Mounts());
    }
}
