using System.Runtime.InteropServices;
using Cais.Linux.Interop;
using Microsoft.Win32.SafeHandles;

namespace Cais.Linux;

/// <summary>
/// Appends records to a file that several processes write at once. .NET's FileMode.Append seeks to the end and then
/// writes, so two processes can write at the same offset; here the file is opened O_APPEND and each record goes out in
/// one write(2), which the kernel places at the end atomically (for a regular file), so records never interleave.
/// </summary>
public static class AppendOnlyFile
{
    /// <summary>Appends <paramref name="record"/> whole and returns the file's size after it (for rotation decisions).</summary>
    /// <exception cref="DirectoryNotFoundException">The file's directory does not exist.</exception>
    public static unsafe long Append(string path, ReadOnlySpan<byte> record)
    {
        var fd = Libc.Open(path, Libc.OWriteOnly | Libc.OAppend | Libc.OCreat | Libc.OCloExec, 0x180 /* 0600 */);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var message = $"cannot open {path}: {Marshal.GetPInvokeErrorMessage(errno)}";
            throw errno == Libc.ENOENT ? new DirectoryNotFoundException(message) : new IOException(message);
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        nint written;
        fixed (byte* bytes = record)
        {
            do
            {
                written = Libc.Write(fd, bytes, (nuint)record.Length);
            }
            while (written < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);
        }

        if (written != record.Length)
        {
            // A short write happens only when the disk is full: the record is torn, and readers skip torn lines.
            var reason = written < 0 ? Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()) : "short write";
            throw new IOException($"cannot append to {path}: {reason}");
        }

        return RandomAccess.GetLength(handle);
    }

    /// <summary>Whether <paramref name="path"/> still names the file <paramref name="handle"/> has open (false once it was renamed away or removed).</summary>
    public static bool StillNames(SafeFileHandle handle, string path)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return FileSystemAt.TryStat(handle, string.Empty, out var open) == 0
            && FileSystemAt.TryLStat(path, out var named)
            && open.Inode == named.Inode && open.DevMajor == named.DevMajor && open.DevMinor == named.DevMinor;
    }
}
