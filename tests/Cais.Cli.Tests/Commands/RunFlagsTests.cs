using Cais.Cli.Commands.Containers;
using Cais.Cli.Tests.Fakes;
using Cais.Common;

namespace Cais.Cli.Tests.Commands;

/// <summary>The docker CLI's own handling of -a/--attach and --cidfile, and the new create flags reaching CreateOptions.</summary>
public sealed class RunFlagsTests : IDisposable
{
    private const string ContainerId = "c0ffee0000000000000000000000000000000000000000000000000000000000";

    private readonly FakeEngine _engine = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("cais-cidfile-").FullName;

    public RunFlagsTests() => _engine.Images.Local["busybox"] = Records.Image("sha256:" + new string('a', 64));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(new string[0], false, false, true, true)]
    [InlineData(new string[0], true, true, true, true)]
    [InlineData(new[] { "stdout" }, false, false, true, false)]
    [InlineData(new[] { "STDERR" }, true, true, false, true)]
    [InlineData(new[] { "stdin" }, false, true, false, false)]
    public void Attach_streams_follow_dockers_rule(string[] attach, bool interactive, bool stdin, bool stdout, bool stderr) =>
        Assert.Equal(new AttachStreams(stdin, stdout, stderr), AttachStreams.Resolve(attach, interactive, detach: false));

    [Fact]
    public void Detached_attaches_nothing() =>
        Assert.Equal(new AttachStreams(false, false, false), AttachStreams.Resolve([], interactive: true, detach: true));

    [Fact]
    public async Task A_bad_stream_is_a_flag_error()
    {
        var run = await CliRun.RunAsync(_engine, "run", "-a", "foo", "busybox");

        Assert.Equal(125, run.ExitCode);
        Assert.StartsWith("invalid argument \"foo\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR\n", run.Error, StringComparison.Ordinal);
        Assert.Null(_engine.Containers.Created);
    }

    [Fact]
    public async Task Attach_with_detach_is_refused_by_the_client_with_exit_1()
    {
        var run = await CliRun.RunAsync(_engine, "run", "-d", "-a", "stdout", "busybox");

        Assert.Equal(new CliRun(1, "", "conflicting options: cannot specify both --attach and --detach\n"), run);
        Assert.Null(_engine.Containers.Created);
    }

    [Fact]
    public async Task Create_records_the_flags()
    {
        var run = await CliRun.RunAsync(_engine, "create", "-a", "stdout", "--expose", "80", "--domainname", "example.com",
            "--pid", "host", "--ipc", "shareable", "--uts", "host", "busybox");

        Assert.Equal(0, run.ExitCode);
        var created = _engine.Containers.Created!;
        Assert.Equal((false, true, false), (created.AttachStdin, created.AttachStdout, created.AttachStderr));
        Assert.Equal(["80"], created.Expose);
        Assert.Equal(("example.com", "host", "shareable", "host"), (created.Domainname, created.PidMode, created.IpcMode, created.UtsMode));
    }

    [Fact]
    public async Task Cidfile_receives_the_id_and_is_recorded()
    {
        var path = Path.Combine(_dir, "cid");

        var run = await CliRun.RunAsync(_engine, "create", "--cidfile", path, "busybox");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(ContainerId, await File.ReadAllTextAsync(path));
        Assert.Equal(path, _engine.Containers.Created!.ContainerIdFile);
    }

    [Fact]
    public async Task An_existing_cidfile_is_refused_before_anything_is_created()
    {
        var path = Path.Combine(_dir, "cid");
        await File.WriteAllTextAsync(path, "other");

        var run = await CliRun.RunAsync(_engine, "run", "--cidfile", path, "busybox");

        Assert.Equal(new CliRun(125, "", $"cais: container ID file found, make sure the other container isn't running or delete {path}\n"), run);
        Assert.Null(_engine.Containers.Created);
        Assert.Equal("other", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task A_failed_create_removes_the_cidfile()
    {
        var path = Path.Combine(_dir, "cid");
        _engine.Log.Failures["busybox"] = EngineException.Invalid("bad");

        var run = await CliRun.RunAsync(_engine, "create", "--cidfile", path, "busybox");

        Assert.Equal(125, run.ExitCode);
        Assert.False(File.Exists(path));
    }
}
