using System.Globalization;
using Cais.Common;
using Cais.Linux;
using Microsoft.Win32.SafeHandles;

namespace Cais.Core.Tests.Linux;

public sealed class NativeProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Exit_code_is_returned()
    {
        var pid = NativeProcess.Spawn(new SpawnRequest { Path = "/bin/sh", Arguments = ["sh", "-c", "exit 7"] });
        Assert.Equal(7, await NativeProcess.WaitAsync(pid, CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Killed_process_reports_128_plus_signal()
    {
        var pid = NativeProcess.Spawn(new SpawnRequest { Path = "/bin/sleep", Arguments = ["sleep", "100"] });
        Assert.True(NativeProcess.IsRunning(pid));
        Assert.True(NativeProcess.Kill(pid, 9));
        Assert.Equal(137, await NativeProcess.WaitAsync(pid, CancellationToken.None).WaitAsync(Timeout));
        Assert.False(NativeProcess.Kill(pid, 0));
    }

    [Fact]
    public async Task Extra_fds_arrive_as_3_and_4_in_order()
    {
        var (read3, write3) = NativeFd.CreatePipe();
        var (read4, write4) = NativeFd.CreatePipe();
        int pid;
        using (write3)
        using (write4)
        {
            pid = NativeProcess.Spawn(new SpawnRequest
            {
                Path = "/bin/sh",
                Arguments = ["sh", "-c", "echo three >&3; echo four >&4"],
                ExtraFds = [write3, write4],
            });
        }

        Assert.Equal(0, await NativeProcess.WaitAsync(pid, CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal("three\n", await ReadAllAsync(read3));
        Assert.Equal("four\n", await ReadAllAsync(read4));
    }

    [Fact]
    public async Task Child_inherits_only_the_mapped_fds()
    {
        var (read, write) = NativeFd.CreatePipe();
        var (extraRead, extraWrite) = NativeFd.CreatePipe();
        using var unrelated = File.OpenHandle("/proc/self/status");
        int pid;
        using (extraRead)
        using (write)
        using (extraWrite)
        {
            pid = NativeProcess.Spawn(new SpawnRequest { Path = "/bin/ls", Arguments = ["ls", "/proc/self/fd"], Stdout = write, ExtraFds = [extraWrite] });
        }

        Assert.Equal(0, await NativeProcess.WaitAsync(pid, CancellationToken.None).WaitAsync(Timeout));

        // 0-2, the extra fd 3, and the directory ls opened itself (4).
        Assert.Equal(["0", "1", "2", "3", "4"], (await ReadAllAsync(read)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Signals_are_reset_to_default_and_unblocked()
    {
        // The .NET runtime ignores SIGPIPE; a spawned monitor (and so every container) must not inherit that.
        var status = await RunForOutputAsync(new SpawnRequest { Path = "/bin/cat", Arguments = ["cat", "/proc/self/status"] });
        var lines = status.Split('\n');
        // Signals 1-31 must be at their defaults. glibc's posix_spawn itself marks its two internal real-time
        // signals (32, 33) ignored; programs linked with glibc or Go reinstall their own handlers for those.
        var ignored = ulong.Parse(lines.Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(0UL, ignored & 0x7fffffffUL);
        Assert.Equal("SigBlk:\t0000000000000000", lines.Single(l => l.StartsWith("SigBlk:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task New_session_makes_the_child_a_session_leader()
    {
        var output = await RunForOutputAsync(new SpawnRequest { Path = "/bin/cat", Arguments = ["cat", "/proc/self/stat"], NewSession = true });
        var fields = output[(output.LastIndexOf(')') + 2)..].Split(' ');
        var pid = int.Parse(output.AsSpan(0, output.IndexOf(' ')), CultureInfo.InvariantCulture);

        // After the comm field: state, ppid, pgrp, session.
        Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), fields[3]);
        Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), fields[2]);
    }

    [Fact]
    public async Task Environment_and_working_directory_are_set()
    {
        var output = await RunForOutputAsync(new SpawnRequest
        {
            Path = "/bin/sh",
            Arguments = ["sh", "-c", "echo \"$FOO $(pwd)\"; env | wc -l"],
            Environment = ["FOO=bar", "PATH=/usr/bin:/bin"],
            WorkingDirectory = "/proc",
        });
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("bar /proc", lines[0]);

        // Only what we passed, plus the PWD/SHLVL/_ a shell adds itself.
        Assert.True(int.Parse(lines[1], CultureInfo.InvariantCulture) <= 5, output);
    }

    [Fact]
    public void Missing_executable_is_not_found()
    {
        var error = Assert.Throws<EngineException>(() => NativeProcess.Spawn(new SpawnRequest { Path = "/nonexistent/cais-tool", Arguments = ["x"] }));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Fifo_write_without_a_reader_fails_instead_of_blocking()
    {
        var dir = Directory.CreateTempSubdirectory("cais-fifo-");
        try
        {
            var fifo = Path.Combine(dir.FullName, "ctl");
            var pid = NativeProcess.Spawn(new SpawnRequest { Path = "/usr/bin/mkfifo", Arguments = ["mkfifo", fifo] });
            Assert.Equal(0, await NativeProcess.WaitAsync(pid, CancellationToken.None).WaitAsync(Timeout));

            var error = Assert.Throws<EngineException>(() => NativeFd.WriteFifo(fifo, "1 2 3\n"));
            Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<string> RunForOutputAsync(SpawnRequest request)
    {
        var (read, write) = NativeFd.CreatePipe();
        int pid;
        using (write)
        {
            pid = NativeProcess.Spawn(request with { Stdout = write });
        }

        var output = await ReadAllAsync(read);
        Assert.Equal(0, await NativeProcess.WaitAsync(pid, CancellationToken.None).WaitAsync(Timeout));
        return output;
    }

    private static async Task<string> ReadAllAsync(SafeFileHandle handle)
    {
        await using var stream = new FileStream(handle, FileAccess.Read, 1);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync().WaitAsync(Timeout);
    }
}
