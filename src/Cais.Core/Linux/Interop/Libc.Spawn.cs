using System.Runtime.InteropServices;

namespace Cais.Linux.Interop;

internal static partial class Libc
{
    // glibc's posix_spawn flag values (spawn.h).
    internal const short PosixSpawnSetSigDef = 0x04;
    internal const short PosixSpawnSetSigMask = 0x08;
    internal const short PosixSpawnSetSid = 0x80;

    // Opaque glibc structures; sizes on x86_64/arm64 are 80 (file actions), 336 (attr) and 128 (sigset_t).
    // Callers allocate these generously so a larger layout can never overflow.
    internal const int SpawnStructSize = 1024;

    [LibraryImport(Name, EntryPoint = "posix_spawn", SetLastError = true)]
    internal static unsafe partial int PosixSpawn(out int pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_init", SetLastError = true)]
    internal static unsafe partial int PosixSpawnFileActionsInit(void* fileActions);

    [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_destroy", SetLastError = true)]
    internal static unsafe partial int PosixSpawnFileActionsDestroy(void* fileActions);

    [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_adddup2", SetLastError = true)]
    internal static unsafe partial int PosixSpawnFileActionsAddDup2(void* fileActions, int fd, int newFd);

    [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_addopen", SetLastError = true)]
    internal static unsafe partial int PosixSpawnFileActionsAddOpen(void* fileActions, int fd, byte* path, int flags, uint mode);

    /// <summary>glibc 2.34+: close every fd from <paramref name="from"/> up in the child.</summary>
    [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_addclosefrom_np", SetLastError = true)]
    internal static unsafe partial int PosixSpawnFileActionsAddCloseFrom(void* fileActions, int from);

    [LibraryImport(Name, EntryPoint = "posix_spawn_file_actions_addchdir_np", SetLastError = true)]
    internal static unsafe partial int PosixSpawnFileActionsAddChdir(void* fileActions, byte* path);

    [LibraryImport(Name, EntryPoint = "posix_spawnattr_init", SetLastError = true)]
    internal static unsafe partial int PosixSpawnAttrInit(void* attr);

    [LibraryImport(Name, EntryPoint = "posix_spawnattr_destroy", SetLastError = true)]
    internal static unsafe partial int PosixSpawnAttrDestroy(void* attr);

    [LibraryImport(Name, EntryPoint = "posix_spawnattr_setflags", SetLastError = true)]
    internal static unsafe partial int PosixSpawnAttrSetFlags(void* attr, short flags);

    [LibraryImport(Name, EntryPoint = "posix_spawnattr_setsigmask", SetLastError = true)]
    internal static unsafe partial int PosixSpawnAttrSetSigMask(void* attr, void* sigmask);

    [LibraryImport(Name, EntryPoint = "posix_spawnattr_setsigdefault", SetLastError = true)]
    internal static unsafe partial int PosixSpawnAttrSetSigDefault(void* attr, void* sigdefault);

    [LibraryImport(Name, EntryPoint = "sigemptyset", SetLastError = true)]
    internal static unsafe partial int SigEmptySet(void* set);

    [LibraryImport(Name, EntryPoint = "sigfillset", SetLastError = true)]
    internal static unsafe partial int SigFillSet(void* set);
}
