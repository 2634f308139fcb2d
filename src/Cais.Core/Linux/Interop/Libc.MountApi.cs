using System.Runtime.InteropServices;

namespace Cais.Linux.Interop;

/// <summary>The file-descriptor mount API (Linux 5.2+, glibc 2.36+): fsopen → fsconfig → fsmount → move_mount.</summary>
internal static unsafe partial class Libc
{
    internal const uint FSOPEN_CLOEXEC = 1;
    internal const uint FSCONFIG_SET_STRING = 1;
    internal const uint FSCONFIG_CMD_CREATE = 6;
    internal const uint FSMOUNT_CLOEXEC = 1;
    internal const uint MOVE_MOUNT_F_EMPTY_PATH = 4;

    [LibraryImport(Name, EntryPoint = "fsopen", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int FsOpen(string fileSystem, uint flags);

    [LibraryImport(Name, EntryPoint = "fsconfig", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int FsConfig(int fd, uint command, string? key, string? value, int aux);

    [LibraryImport(Name, EntryPoint = "fsmount", SetLastError = true)]
    internal static partial int FsMount(int fd, uint flags, uint attributes);

    [LibraryImport(Name, EntryPoint = "move_mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MoveMount(int fromDirectory, string fromPath, int toDirectory, string toPath, uint flags);

    [LibraryImport(Name, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buffer, nuint count);
}
