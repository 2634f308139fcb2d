using System.Runtime.InteropServices;

namespace Cais.Linux.Interop;

/// <summary>
/// The only place with P/Invoke. Each concern adds a partial file (Libc.Mount.cs, Libc.Spawn.cs, ...)
/// named after the syscall family. Methods set errno; callers use <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static partial class Libc
{
    internal const string Name = "libc";
}
