using System.Runtime.InteropServices;
using System.Text;
using Cais.Common;
using Cais.Linux.Interop;

namespace Cais.Linux;

/// <summary>
/// posix_spawn-based process start. System.Diagnostics.Process only passes fds 0-2; conmon needs its sync pipe as an
/// extra fd. Every fd this process opens is O_CLOEXEC (.NET's default and ours), so the child only receives the fds
/// mapped explicitly here (security.md B4 item 14: containers never inherit engine fds).
/// </summary>
public static class NativeProcess
{
    /// <summary>Starts the process and returns its pid. The caller must reap it with <see cref="WaitAsync"/>.</summary>
    public static unsafe int Spawn(SpawnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Arguments.Count == 0)
        {
            throw new ArgumentException("argv needs at least argv[0]", nameof(request));
        }

        var env = request.Environment ?? CurrentEnvironment();
        var mapped = new List<(SafeHandle? Handle, int Target)>
        {
            (request.Stdin, 0),
            (request.Stdout, 1),
            (request.Stderr, 2),
        };
        for (var i = 0; i < request.ExtraFds.Count; i++)
        {
            mapped.Add((request.ExtraFds[i], 3 + i));
        }

        var refs = new List<SafeHandle>();
        var highFds = new List<int>();
        var allocations = new List<nint>();
        var fileActions = NativeMemory.AllocZeroed(Libc.SpawnStructSize);
        var attr = NativeMemory.AllocZeroed(Libc.SpawnStructSize);
        var sigset = NativeMemory.AllocZeroed(Libc.SpawnStructSize);
        var fileActionsReady = false;
        var attrReady = false;
        try
        {
            Check(Libc.PosixSpawnFileActionsInit(fileActions), "posix_spawn_file_actions_init");
            fileActionsReady = true;
            Check(Libc.PosixSpawnAttrInit(attr), "posix_spawnattr_init");
            attrReady = true;

            var devNull = Utf8(allocations, "/dev/null");
            var minFd = 3 + request.ExtraFds.Count;
            foreach (var (handle, target) in mapped)
            {
                if (handle is null)
                {
                    // Not O_CLOEXEC: this fd is opened in the child for the program it is about to exec.
                    var flags = target == 0 ? Libc.OReadOnly : Libc.OWriteOnly;
                    Check(Libc.PosixSpawnFileActionsAddOpen(fileActions, target, devNull, flags, 0), "posix_spawn_file_actions_addopen");
                    continue;
                }

                var added = false;
                handle.DangerousAddRef(ref added);
                refs.Add(handle);

                // Copy the source above every target fd first: then no dup2 in the child can clobber a source that is
                // still needed, and source != target always holds, so dup2 reliably clears FD_CLOEXEC on the target.
                var high = Libc.Fcntl((int)handle.DangerousGetHandle(), Libc.FDupFdCloExec, minFd);
                if (high < 0)
                {
                    throw Errno("fcntl(F_DUPFD_CLOEXEC)");
                }

                highFds.Add(high);
                Check(Libc.PosixSpawnFileActionsAddDup2(fileActions, high, target), "posix_spawn_file_actions_adddup2");
            }

            // fds we inherited without FD_CLOEXEC (from whoever started us) must not flow on into a container.
            Check(Libc.PosixSpawnFileActionsAddCloseFrom(fileActions, minFd), "posix_spawn_file_actions_addclosefrom_np");

            if (request.WorkingDirectory is { } cwd)
            {
                Check(Libc.PosixSpawnFileActionsAddChdir(fileActions, Utf8(allocations, cwd)), "posix_spawn_file_actions_addchdir_np");
            }

            // .NET ignores SIGPIPE and may block signals on the calling thread; a child must not inherit either, or a
            // container started through conmon and runc would run with SIGPIPE ignored.
            Check(Libc.SigEmptySet(sigset), "sigemptyset");
            Check(Libc.PosixSpawnAttrSetSigMask(attr, sigset), "posix_spawnattr_setsigmask");
            Check(Libc.SigFillSet(sigset), "sigfillset");
            Check(Libc.PosixSpawnAttrSetSigDefault(attr, sigset), "posix_spawnattr_setsigdefault");
            var spawnFlags = (short)(Libc.PosixSpawnSetSigDef | Libc.PosixSpawnSetSigMask);
            if (request.NewSession)
            {
                spawnFlags |= Libc.PosixSpawnSetSid;
            }

            Check(Libc.PosixSpawnAttrSetFlags(attr, spawnFlags), "posix_spawnattr_setflags");

            var argv = StringArray(allocations, request.Arguments);
            var envp = StringArray(allocations, env);
            var path = Utf8(allocations, request.Path);
            var rc = Libc.PosixSpawn(out var pid, path, fileActions, attr, argv, envp);
            if (rc != 0)
            {
                throw new EngineException(
                    rc == 2 ? ErrorKind.NotFound : ErrorKind.Unknown,
                    $"cannot start {request.Path}: {Marshal.GetPInvokeErrorMessage(rc)}");
            }

            return pid;
        }
        finally
        {
            foreach (var fd in highFds)
            {
                _ = Libc.Close(fd);
            }

            foreach (var handle in refs)
            {
                handle.DangerousRelease();
            }

            if (fileActionsReady)
            {
                _ = Libc.PosixSpawnFileActionsDestroy(fileActions);
            }

            if (attrReady)
            {
                _ = Libc.PosixSpawnAttrDestroy(attr);
            }

            NativeMemory.Free(fileActions);
            NativeMemory.Free(attr);
            NativeMemory.Free(sigset);
            foreach (var p in allocations)
            {
                NativeMemory.Free((void*)p);
            }
        }
    }

    /// <summary>Reaps the child if it has exited; returns its exit code (128+signal when killed), or null while it runs.</summary>
    public static unsafe int? TryWait(int pid)
    {
        int status;
        int rc;
        do
        {
            rc = Libc.WaitPid(pid, &status, Libc.WNoHang);
        }
        while (rc < 0 && Marshal.GetLastPInvokeError() == 4);

        if (rc < 0)
        {
            throw Errno($"waitpid({pid})");
        }

        return rc == 0 ? null : DecodeStatus(status);
    }

    /// <summary>
    /// Waits for our child to exit and reaps it. A blocking waitpid on a dedicated thread: it costs no CPU and is woken
    /// by the kernel. Cancelling abandons the wait (the thread still reaps the child when it ends); callers that want
    /// the child gone kill it.
    /// </summary>
    public static Task<int> WaitAsync(int pid, CancellationToken cancellationToken)
    {
        if (TryWait(pid) is { } done)
        {
            return Task.FromResult(done);
        }

        var wait = Task.Factory.StartNew(
            () => BlockingWait(pid),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        return wait.WaitAsync(cancellationToken);
    }

    /// <summary>Sends a signal; false when the process does not exist (any more).</summary>
    public static bool Kill(int pid, int signal)
    {
        if (pid <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pid), "refusing to signal a process group or every process");
        }

        if (Libc.Kill(pid, signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == 3)
        {
            return false;
        }

        throw Errno($"kill({pid}, {signal})", errno);
    }

    /// <summary>
    /// Signals every process of the group a session leader leads (kill(-pgid)); false when there is none. Only for a
    /// leader this code knows, whose group is its own (conmon's, not the container's).
    /// </summary>
    public static bool KillGroup(int leaderPid, int signal)
    {
        if (leaderPid <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(leaderPid), "refusing to signal init's group or every process");
        }

        if (Libc.Kill(-leaderPid, signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == 3 ? false : throw Errno($"kill(-{leaderPid}, {signal})", errno);
    }

    /// <summary>True while a process with this pid exists (a zombie counts: it has not been reaped yet).</summary>
    public static bool IsAlive(int pid) => pid > 0 && (Libc.Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1);

    /// <summary>Whether the process has any socket open (false when it is gone or its fds cannot be read).</summary>
    public static bool HoldsSockets(int pid)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return false;
    }

    /// <summary>True when the pid exists and is not a zombie (reads /proc/pid/stat).</summary>
    public static bool IsRunning(int pid) => ProcessStartTime.Of(pid) is not null;

    internal static int DecodeStatus(int status)
    {
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    private static unsafe int BlockingWait(int pid)
    {
        int status;
        int rc;
        do
        {
            rc = Libc.WaitPid(pid, &status, 0);
        }
        while (rc < 0 && Marshal.GetLastPInvokeError() == 4);

        if (rc < 0)
        {
            throw Errno($"waitpid({pid})");
        }

        return DecodeStatus(status);
    }

    private static List<string> CurrentEnvironment()
    {
        var list = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            list.Add($"{entry.Key}={entry.Value}");
        }

        return list;
    }

    private static unsafe byte* Utf8(List<nint> allocations, string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw EngineException.Invalid("a process argument or environment entry contains a NUL character");
        }

        var length = Encoding.UTF8.GetByteCount(value);
        var buffer = (byte*)NativeMemory.Alloc((nuint)length + 1);
        allocations.Add((nint)buffer);
        fixed (char* chars = value)
        {
            Encoding.UTF8.GetBytes(chars, value.Length, buffer, length);
        }

        buffer[length] = 0;
        return buffer;
    }

    private static unsafe byte** StringArray(List<nint> allocations, IReadOnlyList<string> values)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(nint));
        allocations.Add((nint)array);
        for (var i = 0; i < values.Count; i++)
        {
            array[i] = Utf8(allocations, values[i]);
        }

        return array;
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0)
        {
            throw Errno(what, rc);
        }
    }

    internal static EngineException Errno(string what, int? errno = null)
    {
        var code = errno ?? Marshal.GetLastPInvokeError();
        return new EngineException(ErrorKind.Unknown, $"{what} failed: {Marshal.GetPInvokeErrorMessage(code)}");
    }
}
