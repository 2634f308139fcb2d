namespace Cais.Common;

/// <summary>
/// A stable 64-bit FNV-1a hash for naming files after strings (such as state directories). Not for security: it exists
/// so that hot paths (a container start) need not load OpenSSL, which .NET's SHA-256 does and which costs milliseconds.
/// </summary>
public static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Fnv1a64(ReadOnlySpan<byte> data)
    {
        var hash = OffsetBasis;
        foreach (var b in data)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    /// <summary>The hash of the string's UTF-8 bytes as 16 lower-case hex digits.</summary>
    public static string Hex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Fnv1a64(System.Text.Encoding.UTF8.GetBytes(text)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
