using System.Runtime.InteropServices;

namespace Cais.Linux.Interop;

internal static partial class Libc
{
    internal const int OReadOnly = 0;
    internal const int OWriteOnly = 1;
    internal const int OReadWrite = 2;
    internal const int OCreat = 0x40;
    internal const int OTrunc = 0x200;
    internal const int OAppend = 0x400;
    internal const int ONonBlock = 0x800;
    internal const int ODirectory = 0x10000;
    internal const int OCloExec = 0x80000;
    internal const int OPath = 0x200000;

    internal const int FDupFdCloExec = 1030;

    internal const int AfUnix = 1;
    internal const int SockStream = 1;
    internal const int SockSeqPacket = 5;
    internal const int SockCloExec = 0x80000;

    [LibraryImport(Name, EntryPoint = "pipe2", SetLastError = true)]
    internal static unsafe partial int Pipe2(int* fds, int flags);

    [LibraryImport(Name, EntryPoint = "socketpair", SetLastError = true)]
    internal static unsafe partial int SocketPair(int domain, int type, int protocol, int* fds);

    [LibraryImport(Name, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Name, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(int fd, int cmd, int arg);

    [LibraryImport(Name, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Name, EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(int fd, byte* buffer, nuint count);
}
