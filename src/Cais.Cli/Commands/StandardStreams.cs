using Microsoft.Win32.SafeHandles;

namespace Cais.Cli.Commands;

/// <summary>
/// Raw streams over fds 0, 1 and 2. System.Console's own streams and size queries switch on .NET's terminal
/// handling, which re-applies its terminal settings whenever a child process exits and so undoes the raw mode a
/// <c>-t</c> session needs; plain file streams leave the terminal alone. Output goes through write(2) itself so that
/// a file shared with other processes is appended to, not overwritten (see <see cref="Cais.Linux.FdWriteStream"/>).
/// </summary>
public static class StandardStreams
{
    public static Stream Input() => Open(0, FileAccess.Read);

    public static Stream Output() => new Cais.Linux.FdWriteStream(1);

    public static Stream Error() => new Cais.Linux.FdWriteStream(2);

    private static FileStream Open(int fd, FileAccess access) => new(new SafeFileHandle(fd, ownsHandle: false), access, bufferSize: 0);
}
