using Cais.Common;

namespace Cais.Containers.Spec;

/// <summary>
/// The kernel's bound on what execve copies for a new program (fs/exec.c): argument and environment strings plus
/// one pointer each must fit in a quarter of the stack limit (at most 6 MiB, at least 128 KiB), and no single
/// string may exceed 128 KiB. A spec over it can only fail with E2BIG inside the container, after runc has set every
/// variable one by one (for 100 000 variables that takes minutes), so it is refused before anything starts.
/// </summary>
public static class ExecLimits
{
    private const long Page = 4096;
    private const long MaxStringLength = 32 * Page;
    private const long MinimumTotal = 32 * Page;
    private const long MaximumTotal = 6 << 20;

    public static long TotalLimit(ulong stackSoftLimit) =>
        Math.Max(MinimumTotal, (long)Math.Min((ulong)MaximumTotal, stackSoftLimit / 4));

    public static void Check(IReadOnlyList<string> args, IReadOnlyList<string> env, ulong stackSoftLimit)
    {
        var total = (long)(args.Count + env.Count + 1) * IntPtr.Size;
        foreach (var value in args.Concat(env))
        {
            var length = System.Text.Encoding.UTF8.GetByteCount(value) + 1L;
            if (length > MaxStringLength)
            {
                throw EngineException.Invalid($"argument list too long: a {length}-byte argument or environment variable exceeds the kernel's {MaxStringLength}-byte limit ({Preview(value)}...)");
            }

            total += length;
        }

        var limit = TotalLimit(stackSoftLimit);
        if (total > limit)
        {
            throw EngineException.Invalid(
                $"argument list too long: the command and its {env.Count} environment variables take {total} bytes, over the {limit} bytes the kernel accepts for a new program");
        }
    }

    private static string Preview(string value) => value.Length <= 32 ? value : value[..32];
}
