namespace Cais.Common;

/// <summary>
/// Cryptographically secure random bytes straight from the kernel (/dev/urandom). .NET's RandomNumberGenerator on Linux
/// goes through OpenSSL, whose loading costs a few milliseconds on every `cais` start that only needs an ID.
/// </summary>
public static class SecureRandom
{
    private const string Source = "/dev/urandom";

    public static void Fill(Span<byte> buffer)
    {
        using var stream = new FileStream(Source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        stream.ReadExactly(buffer);
    }

    public static byte[] GetBytes(int count)
    {
        var bytes = new byte[count];
        Fill(bytes);
        return bytes;
    }

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), by rejection (no modulo bias).</summary>
    public static int NextInt32(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var limit = uint.MaxValue - (uint.MaxValue % (uint)maxExclusive);
        Span<byte> four = stackalloc byte[4];
        while (true)
        {
            Fill(four);
            var value = BitConverter.ToUInt32(four);
            if (value < limit)
            {
                return (int)(value % (uint)maxExclusive);
            }
        }
    }
}
