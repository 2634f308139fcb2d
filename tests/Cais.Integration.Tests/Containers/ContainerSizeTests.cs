using System.Globalization;
using Cais.Integration.Tests.Images;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>
/// <c>ps --size</c> and <c>inspect --size</c> on both storage drivers: the writable layer as Docker counts it, and
/// that layer plus the image beneath. Docker (dockerd 20.10, overlay2 and vfs) reports 12348 bytes for a container
/// that wrote a 12345-byte file, a hard link to it and "hi\n", and deleted an image file, and 0 for one that wrote
/// nothing.
/// </summary>
public sealed class ContainerSizeTests(ImageRegistryFixture fixture) : IClassFixture<ImageRegistryFixture>
{
    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public async Task Ps_and_inspect_with_size_show_the_writable_layer_and_the_image_beneath(string driver)
    {
        var image = await fixture.PublishAsync("busybox", () => TestImages.Busybox());
        await using var cli = new CaisCli();
        var pull = await cli.RunAsync(["pull", "-q", image.Reference], null, TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["CAIS_STORAGE_DRIVER"] = driver });
        Assert.True(pull.ExitCode == 0, pull.ToString());
        var wrote = TestNames.For("wrote-" + driver);
        var idle = TestNames.For("idle-" + driver);
        await cli.OkAsync("run", "--name", wrote, "--network", "none", image.Reference, "sh", "-c",
            "head -c 12345 /dev/zero > /root/f && ln /root/f /root/g && echo hi > /tmp/x && rm /etc/passwd");
        await cli.OkAsync("run", "--name", idle, "--network", "none", image.Reference, "true");
        var imageSize = long.Parse(await cli.OkAsync("image", "inspect", "-f", "{{.Size}}", image.Reference), CultureInfo.InvariantCulture);
        Assert.True(imageSize > 0);

        Assert.Equal($"12348 {12348 + imageSize}", await cli.OkAsync("inspect", "-s", "-f", "{{.SizeRw}} {{.SizeRootFs}}", wrote));
        Assert.Equal($"0 {imageSize}", await cli.OkAsync("container", "inspect", "--size", "-f", "{{.SizeRw}} {{.SizeRootFs}}", idle));
        var plain = await cli.OkAsync("inspect", wrote);
        Assert.DoesNotContain("SizeRw", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("SizeRootFs", plain, StringComparison.Ordinal);
        Assert.Contains("\"SizeRw\": 12348,", await cli.OkAsync("inspect", "--size", wrote), StringComparison.Ordinal);

        var rows = (await cli.OkAsync("ps", "-a", "-s")).Split('\n');
        Assert.EndsWith("NAMES" + new string(' ', Math.Max(idle.Length, wrote.Length) - 2) + "SIZE", rows[0], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.Contains(wrote, StringComparison.Ordinal) && r.EndsWith($"12.3kB (virtual {Human(12348 + imageSize)})", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(idle, StringComparison.Ordinal) && r.EndsWith($"0B (virtual {Human(imageSize)})", StringComparison.Ordinal));
        Assert.Equal($"12.3kB (virtual {Human(12348 + imageSize)})", await cli.OkAsync("ps", "-a", "--filter", "name=" + wrote, "--format", "{{.Size}}"));
        Assert.Contains("\"Size\":\"0B\"", await cli.OkAsync("ps", "-a", "--filter", "name=" + wrote, "--format", "json"), StringComparison.Ordinal);

        await cli.OkAsync("rm", wrote, idle);
    }

    // go-units' HumanSizeWithPrecision(size, 3) for the sizes a busybox image has (1 MB to 10 MB).
    private static string Human(long size) => (size / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "MB";
}
