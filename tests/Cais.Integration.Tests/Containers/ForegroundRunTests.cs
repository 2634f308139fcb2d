using Cais.Linux;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>`cais run` in the foreground: output streams, process settings from flags, stdin, tty and signals.</summary>
public sealed class ForegroundRunTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    [Fact]
    public async Task Stdout_and_stderr_reach_their_own_streams()
    {
        var result = await fixture.RunAsync("run", "--rm", fixture.Image, "sh", "-c", "echo out; echo err >&2; echo out2");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("out\nout2\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Env_and_env_file_set_variables_and_flags_win_over_the_file()
    {
        using var dir = new TempDirectory("cais-envfile");
        var envFile = dir.Combine("env.list");
        await File.WriteAllTextAsync(envFile, "# a comment\n\nFROM_FILE=file value\nOVERRIDDEN=from-file\n");

        var output = await fixture.ShAsync("echo \"$FROM_FILE|$OVERRIDDEN|$FROM_FLAG|$PATH\"",
            "--env-file", envFile, "-e", "OVERRIDDEN=from-flag", "-e", "FROM_FLAG=1");

        Assert.Equal("file value|from-flag|1|" + TestImages.DefaultPath["PATH=".Length..], output);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Workdir_sets_the_current_directory_and_creates_a_missing_one()
    {
        Assert.Equal("/tmp", await fixture.ShAsync("pwd", "-w", "/tmp"));
        Assert.Equal("/made/by/cais yes", await fixture.ShAsync("echo \"$(pwd) $(test -d /made/by/cais && echo yes)\"", "-w", "/made/by/cais"));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task User_by_name_and_by_uid_gid()
    {
        Assert.Equal("65534 65534 nobody", await fixture.ShAsync("echo \"$(id -u) $(id -g) $(id -un)\"", "-u", "nobody"));
        Assert.Equal("1000 1000", await fixture.ShAsync("echo \"$(id -u) $(id -g)\"", "-u", "1000:1000"));
        Assert.Equal("0", await fixture.ShAsync("id -u"));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Hostname_flag_sets_it_and_the_default_is_the_short_id()
    {
        Assert.Equal("my-host", await fixture.ShAsync("hostname", "--hostname", "my-host"));
        Assert.Equal("my-host", await fixture.ShAsync("cat /etc/hostname", "--hostname", "my-host"));

        var name = TestNames.For("hostname");
        var result = await fixture.RunAsync("run", "--name", name, fixture.Image, "hostname");
        Assert.Equal(0, result.ExitCode);
        var id = await fixture.InspectAsync(name, "{{.Id}}");
        ContainerFixture.AssertFullId(id);
        Assert.Equal(id[..12], result.Out);
        Assert.Equal("/" + name, await fixture.InspectAsync(name, "{{.Name}}"));
        Assert.Equal(name, await fixture.OkAsync("ps", "-a", "--format", "{{.Names}}"));
        Assert.Equal(id, await fixture.OkAsync("rm", id));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Entrypoint_replaces_the_image_entrypoint_and_takes_the_command_as_arguments()
    {
        var result = await fixture.RunAsync("run", "--rm", "--entrypoint", "echo", fixture.Image, "hi", "there");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hi there\n", result.Stdout);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Image_default_cmd_runs_when_no_command_is_given()
    {
        // The image's Cmd is ["sh"]: it reads the script from stdin.
        var result = await fixture.RunWithStdinAsync("echo default-cmd; echo $0\n", "run", "--rm", "-i", fixture.Image);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("default-cmd\nsh\n", result.Stdout);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Bind_mount_is_writable_and_shared_with_the_host()
    {
        using var dir = new TempDirectory("cais-bind");
        await File.WriteAllTextAsync(dir.Combine("from-host"), "host data\n");

        var output = await fixture.ShAsync("cat /data/from-host; echo written > /data/from-container", "-v", dir.Path + ":/data");

        Assert.Equal("host data", output);
        Assert.Equal("written\n", await File.ReadAllTextAsync(dir.Combine("from-container")));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Read_only_bind_mount_refuses_writes()
    {
        using var dir = new TempDirectory("cais-bind-ro");
        await File.WriteAllTextAsync(dir.Combine("from-host"), "host data\n");

        var result = await fixture.RunAsync("run", "--rm", "-v", dir.Path + ":/data:ro", fixture.Image, "sh", "-c", "cat /data/from-host; echo x > /data/new");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("host data\n", result.Stdout);
        Assert.Contains("Read-only file system", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("new")));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Interactive_stdin_reaches_the_container_and_its_end_ends_the_container()
    {
        // cat only exits when its stdin reaches EOF, so finishing at all proves the close was forwarded.
        var result = await fixture.RunWithStdinAsync("hello", "run", "--rm", "-i", fixture.Image, "cat");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello", result.Stdout);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Without_interactive_the_container_stdin_is_empty()
    {
        var result = await fixture.RunWithStdinAsync("ignored\n", "run", "--rm", fixture.Image, "sh", "-c", "cat; echo end");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("end\n", result.Stdout);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Tty_flag_gives_the_container_a_terminal()
    {
        var tty = await fixture.RunAsync("run", "--rm", "-t", fixture.Image, "sh", "-c", "test -t 1 && echo tty");
        Assert.Equal(0, tty.ExitCode);
        Assert.Equal("tty", tty.Stdout.Trim());

        var plain = await fixture.RunAsync("run", "--rm", fixture.Image, "sh", "-c", "test -t 1 || echo notty");
        Assert.Equal("notty\n", plain.Stdout);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Sigterm_to_cais_is_forwarded_to_the_container()
    {
        using var cais = fixture.Cais.Start(["run", "--rm", fixture.Image, "sh", "-c", "trap 'exit 7' TERM; echo ready; while true; do sleep 0.1; done"]);
        var stderr = cais.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(ContainerFixture.Timeout);
        Assert.Equal("ready", await cais.StandardOutput.ReadLineAsync(cancel.Token));

        Assert.True(NativeProcess.Kill(cais.Id, 15));
        await cais.WaitForExitAsync(cancel.Token);

        Assert.True(cais.ExitCode == 7, $"cais exited {cais.ExitCode}: {await stderr}");
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_foreground_run_cleans_up_itself_and_leaves_no_monitor_waiting_to_run_its_exit_command()
    {
        var result = await fixture.RunAsync("run", "--rm", fixture.Image, "sh", "-c", "exit 3");

        // conmon holds back its exit command for an attached waiter; the waiter ends it once it has cleaned up, so
        // nothing is left the moment `run` returns (not "eventually", after the command ran).
        Assert.Equal(3, result.ExitCode);
        Assert.Empty(fixture.Cais.ConmonProcesses());
        Assert.Equal("", await fixture.Cais.OkAsync("ps", "-aq"));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_foreground_run_whose_cais_is_killed_is_still_cleaned_up_by_the_monitor()
    {
        using var cais = fixture.Cais.Start(["run", "--rm", "--name", "waiter-killed", fixture.Image, "sh", "-c", "echo ready; sleep 1"]);
        using var cancel = new CancellationTokenSource(ContainerFixture.Timeout);
        Assert.Equal("ready", await cais.StandardOutput.ReadLineAsync(cancel.Token));

        Assert.True(NativeProcess.Kill(cais.Id, 9));
        await cais.WaitForExitAsync(cancel.Token);

        // No cais process is left to clean up: conmon's delayed exit command removes the --rm container.
        Assert.True(await ContainerFixture.EventuallyAsync(async () => (await fixture.Cais.OkAsync("ps", "-aq")).Length == 0, TimeSpan.FromSeconds(15)),
            "the --rm container of a killed foreground run was not removed");
        await fixture.AssertNothingLeftAsync();
    }
}
