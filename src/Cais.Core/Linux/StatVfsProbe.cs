using System.Runtime.InteropServices;
using Cais.Common;
using Cais.Linux.Interop;
using Microsoft.Win32.SafeHandles;

namespace Cais.Linux;

/// <summary>fstatvfs(3): the space available to unprivileged writers (root's reserved blocks stay a margin).</summary>
public sealed class StatVfsProbe : IFileSystemSpaceProbe
{
    public static readonly StatVfsProbe Instance = new();

    public unsafe FileSystemSpace Query(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Libc.StatVfs result;
        if (Libc.FStatVfs(FileSystemAt.Fd(handle), &result) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new EngineException(ErrorKind.Unknown, $"statvfs: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var unit = result.FragmentSize == 0 ? result.BlockSize : result.FragmentSize;
        return new FileSystemSpace(Clamp(result.Blocks * unit), Clamp(result.BlocksAvailable * unit));
    }

    private static long Clamp(ulong bytes) => bytes > long.MaxValue ? long.MaxValue : (long)bytes;
}
