using Cais.TestSupport;

namespace Cais.Integration.Tests.Images;

/// <summary>
/// Images with very many layers: up to overlayfs's limit of 500 lower layers they pull and run (the mount option
/// no longer has to fit in one page); above it the pull is refused from the manifest, before any download.
/// </summary>
public sealed class ManyLayersTests(ImageRegistryFixture fixture) : IClassFixture<ImageRegistryFixture>
{
    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public async Task Image_of_300_layers_pulls_and_runs(string driver)
    {
        var image = await fixture.PublishAsync("layers-300", () => Layered(300));
        await using var cli = new CaisCli();
        var reference = image.Reference;
        var env = new Dictionary<string, string> { ["CAIS_STORAGE_DRIVER"] = driver };

        var pull = await cli.RunAsync(["pull", "-q", reference], null, TimeSpan.FromMinutes(5), env);
        Assert.True(pull.ExitCode == 0, pull.ToString());
        var run = await cli.RunAsync(["run", "--rm", "--network", "none", reference, "sh", "-c", "cat /top /layers/2 /layers/300 | tr '\\n' ' '"], null, TimeSpan.FromMinutes(2), env);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("300 2 300", run.Out.Trim());
    }

    [Fact]
    public async Task Image_over_the_overlay_layer_limit_is_refused_at_pull_and_leaves_nothing()
    {
        // One tiny layer repeated: the registry stores it once, so publishing 501 layers stays quick.
        var image = await fixture.PublishAsync("layers-501", () =>
        {
            var builder = TestImages.Busybox();
            var same = new LayerBuilder().AddFile("/same", "same\n");
            for (var i = 2; i <= 501; i++)
            {
                builder.AddLayer(same);
            }

            return builder;
        });
        await using var cli = new CaisCli();

        var result = await cli.RunAsync(["pull", image.Reference], null, TimeSpan.FromMinutes(5));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("501 layers", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("at most 500", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await cli.OkAsync("images", "-q"));
        var state = StoreState.Of(cli);
        Assert.True(state.IsEmpty, state.ToString());
    }

    /// <summary>Busybox, then tiny layers that each add /layers/N and overwrite /top (so the top layer must win).</summary>
    private static OciImageBuilder Layered(int layers)
    {
        var builder = TestImages.Busybox();
        for (var i = 2; i <= layers; i++)
        {
            builder.AddLayer().AddFile($"/layers/{i}", $"{i}\n").AddFile("/top", $"{i}\n");
        }

        return builder;
    }
}
