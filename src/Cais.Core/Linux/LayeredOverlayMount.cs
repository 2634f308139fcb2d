using System.Runtime.InteropServices;
using System.Text;
using Cais.Common;
using Cais.Linux.Interop;

namespace Cais.Linux;

/// <summary>
/// Mounts overlayfs with the file-descriptor mount API, one fsconfig("lowerdir+") call per lower layer (Linux 6.8+).
/// mount(2) takes all options in one page, which caps an image at a couple of hundred layers even with the shortest
/// paths; this has no such cap below overlayfs's own limit. Unlike Docker's relative paths it needs no chdir, which
/// is process-wide in .NET and would race every other thread's path lookups.
/// </summary>
public static class LayeredOverlayMount
{
    private const int ENOSYS = 38;

    /// <param name="lowers">Lower directories, top first (paths of at most 255 bytes, e.g. /proc/self/fd/N).</param>
    public static void Mount(IReadOnlyList<string> lowers, string? upper, string? work, string target)
    {
        ArgumentNullException.ThrowIfNull(lowers);
        int context;
        try
        {
            context = Libc.FsOpen("overlay", Libc.FSOPEN_CLOEXEC);
        }
        catch (EntryPointNotFoundException)
        {
            throw Unsupported(lowers.Count, target, "the C library lacks fsopen (glibc 2.36 or later needed)");
        }

        if (context < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == ENOSYS ? Unsupported(lowers.Count, target, "the kernel lacks fsopen") : Failed(target, errno, -1);
        }

        try
        {
            foreach (var lower in lowers)
            {
                if (Libc.FsConfig(context, Libc.FSCONFIG_SET_STRING, "lowerdir+", lower, 0) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    var log = ReadLog(context);
                    throw lower == lowers[0] && log.Length == 0 && errno == 22
                        ? Unsupported(lowers.Count, target, "the kernel's overlayfs lacks \"lowerdir+\" (Linux 6.8 or later needed)")
                        : Failed(target, errno, context, log);
                }
            }

            // Without an upper directory the overlay is read-only (a view).
            if (upper is not null && work is not null)
            {
                Set(context, "upperdir", upper, target);
                Set(context, "workdir", work, target);
            }

            if (Libc.FsConfig(context, Libc.FSCONFIG_CMD_CREATE, null, null, 0) != 0)
            {
                throw Failed(target, Marshal.GetLastPInvokeError(), context);
            }

            var mount = Libc.FsMount(context, Libc.FSMOUNT_CLOEXEC, 0);
            if (mount < 0)
            {
                throw Failed(target, Marshal.GetLastPInvokeError(), context);
            }

            try
            {
                if (Libc.MoveMount(mount, string.Empty, Libc.AT_FDCWD, target, Libc.MOVE_MOUNT_F_EMPTY_PATH) != 0)
                {
                    throw Failed(target, Marshal.GetLastPInvokeError(), -1);
                }
            }
            finally
            {
                Libc.Close(mount);
            }
        }
        finally
        {
            Libc.Close(context);
        }
    }

    private static void Set(int context, string key, string value, string target)
    {
        if (Libc.FsConfig(context, Libc.FSCONFIG_SET_STRING, key, value, 0) != 0)
        {
            throw Failed(target, Marshal.GetLastPInvokeError(), context);
        }
    }

    private static EngineException Unsupported(int layers, string target, string why) =>
        new(ErrorKind.FailedPrecondition, $"mount overlay on {target}: {layers} layers do not fit in one mount(2) call and {why}");

    private static EngineException Failed(string target, int errno, int context, string? log = null)
    {
        log ??= context >= 0 ? ReadLog(context) : string.Empty;
        var detail = log.Length > 0 ? $" ({log})" : string.Empty;
        return new EngineException(ErrorKind.Unknown, $"mount overlay on {target}: {Marshal.GetPInvokeErrorMessage(errno)}{detail}");
    }

    /// <summary>The filesystem's own explanation ("e overlay: ..." lines), which mount(2) only sends to the kernel log.</summary>
    private static unsafe string ReadLog(int context)
    {
        var text = new StringBuilder();
        var buffer = stackalloc byte[512];
        for (var i = 0; i < 8; i++)
        {
            var read = Libc.Read(context, buffer, 512);
            if (read <= 0)
            {
                break;
            }

            var line = Encoding.UTF8.GetString(buffer, (int)read).TrimEnd('\n');
            text.Append(text.Length > 0 ? "; " : string.Empty).Append(line.Length > 2 && line[1] == ' ' ? line[2..] : line);
        }

        return text.ToString();
    }
}
