using Cais.Linux.Interop;

namespace Cais.Linux;

/// <summary>The user's terminal: raw mode for <c>-t</c> sessions and its window size.</summary>
public static class Terminal
{
    public static bool IsTerminal(int fd) => Libc.IsATty(fd) == 1;

    /// <summary>Puts <paramref name="fd"/> in raw mode; disposing restores the previous settings.</summary>
    public static IDisposable? MakeRaw(int fd)
    {
        if (Libc.TcGetAttr(fd, out var saved) != 0)
        {
            return null;
        }

        var raw = saved;
        Libc.CfMakeRaw(ref raw);
        return Libc.TcSetAttr(fd, Libc.TCSANOW, raw) == 0 ? new Restore(fd, saved) : null;
    }

    public static (int Rows, int Columns)? Size(int fd) =>
        Libc.IoctlWinSize(fd, Libc.TIOCGWINSZ, out var size) == 0 && size.Rows > 0 ? (size.Rows, size.Cols) : null;

    private sealed class Restore(int fd, Libc.Termios saved) : IDisposable
    {
        public void Dispose() => Libc.TcSetAttr(fd, Libc.TCSANOW, saved);
    }
}
