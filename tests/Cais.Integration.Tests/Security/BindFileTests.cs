using Cais.Integration.Tests.Containers;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Security;

/// <summary>
/// <c>-v /host/file:/ctr/file[:ro]</c> (issue 7, "Crashes instead of errors"): a single host file is bound like Docker
/// binds it, and a missing -v source is created as a directory.
/// </summary>
public sealed class BindFileTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    [Fact]
    public async Task Host_file_is_readable_and_writes_reach_the_host()
    {
        using var dir = new TempDirectory("cais-bind-file");
        var file = dir.Combine("config.txt");
        await File.WriteAllTextAsync(file, "from host\n");

        // /opt/app does not exist in the image: the parents and the file target are created in the container's rootfs.
        var output = await fixture.ShAsync("cat /opt/app/config.txt; echo from container > /opt/app/config.txt; ls -l /opt/app/config.txt | cut -c1",
            "--network", "none", "-v", file + ":/opt/app/config.txt");

        Assert.Equal("from host\n-", output);
        Assert.Equal("from container\n", await File.ReadAllTextAsync(file));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Read_only_host_file_refuses_writes()
    {
        using var dir = new TempDirectory("cais-bind-file");
        var file = dir.Combine("config.txt");
        await File.WriteAllTextAsync(file, "from host\n");

        var result = await fixture.RunAsync("run", "--rm", "--network", "none", "-v", file + ":/etc/config.txt:ro", fixture.Image,
            "sh", "-c", "cat /etc/config.txt; echo x > /etc/config.txt");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("from host\n", result.Stdout);
        Assert.Contains("Read-only file system", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("from host\n", await File.ReadAllTextAsync(file));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Host_file_over_an_existing_image_file_replaces_it()
    {
        using var dir = new TempDirectory("cais-bind-file");
        var file = dir.Combine("passwd");
        await File.WriteAllTextAsync(file, "root:x:0:0:bound:/root:/bin/sh\n");

        var output = await fixture.ShAsync("cat /etc/passwd", "--network", "none", "-v", file + ":/etc/passwd:ro");

        Assert.Equal("root:x:0:0:bound:/root:/bin/sh", output);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Device_file_is_bound_like_a_file()
    {
        // Sockets and devices (-v /run/x.sock:/run/x.sock, -v /dev/null:...) are files too, not directories.
        var output = await fixture.ShAsync("echo discarded > /opt/null; wc -c < /opt/null", "--network", "none", "-v", "/dev/null:/opt/null");

        Assert.Equal("0", output.Trim());
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Missing_source_is_created_as_a_directory_for_v()
    {
        using var dir = new TempDirectory("cais-bind-file");
        var missing = dir.Combine("not", "yet");

        var output = await fixture.ShAsync("echo made > /data/file; ls /data", "--network", "none", "-v", missing + ":/data");

        Assert.Equal("file", output);
        Assert.True(Directory.Exists(missing));
        Assert.Equal("made\n", await File.ReadAllTextAsync(Path.Combine(missing, "file")));
        await fixture.AssertNothingLeftAsync();
    }
}
