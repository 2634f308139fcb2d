using Cais.Cli.Tests.Fakes;

namespace Cais.Cli.Tests.Commands;

public sealed class ImageCommandTests
{
    private readonly FakeEngine _engine = new();

    [Fact]
    public async Task Tag_names_the_source_image_anew_and_prints_nothing()
    {
        _engine.Images.Local["busybox"] = Records.Image("sha256:" + new string('a', 64));

        var run = await CliRun.RunAsync(_engine, "tag", "busybox", "me/box:1");

        Assert.Equal(["Tag(busybox, me/box:1)"], _engine.Log.Calls);
        Assert.Equal(new CliRun(0, "", ""), run);
    }

    [Fact]
    public async Task Tag_of_an_unknown_image_is_dockers_error()
    {
        var run = await CliRun.RunAsync(_engine, "image", "tag", "nosuch", "x");

        Assert.Equal(new CliRun(1, "", "Error response from daemon: No such image: nosuch\n"), run);
    }
}
