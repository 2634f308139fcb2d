using System.Security.Cryptography;

namespace Cais.Common;

/// <summary>
/// A content digest "algorithm:hex". Only sha256 is accepted: a digest string is untrusted input
/// (it becomes a file name in the content store), so the hex part is validated strictly (CVE-2024-3727).
/// </summary>
public readonly record struct Digest
{
    public const string Sha256Algorithm = "sha256";

    private Digest(string hex)
    {
        Hex = hex;
    }

    public string Algorithm => Sha256Algorithm;

    /// <summary>64 lower-case hex characters.</summary>
    public string Hex { get; }

    public string Encoded => Hex;

    public override string ToString() => $"{Sha256Algorithm}:{Hex}";

    public static Digest Parse(string value)
    {
        if (!TryParse(value, out var digest))
        {
            throw EngineException.Invalid($"invalid digest \"{value}\": expected sha256:<64 hex characters>");
        }

        return digest;
    }

    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (value is null || !value.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return false;
        }

        var hex = value.AsSpan(7);
        if (!IsHex64(hex))
        {
            return false;
        }

        digest = new Digest(hex.ToString());
        return true;
    }

    public static bool IsHex64(ReadOnlySpan<char> hex)
    {
        if (hex.Length != 64)
        {
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    public static Digest FromHex(string hex) =>
        IsHex64(hex) ? new Digest(hex) : throw EngineException.Invalid($"invalid sha256 hex \"{hex}\"");

    public static Digest FromHash(ReadOnlySpan<byte> sha256) => new(Convert.ToHexStringLower(sha256));

    public static Digest Compute(ReadOnlySpan<byte> data) => FromHash(SHA256.HashData(data));

    public static async Task<Digest> ComputeAsync(Stream stream, CancellationToken cancellationToken)
    {
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return FromHash(hash);
    }

    /// <summary>The first 12 hex characters, as Docker shows short IDs.</summary>
    public string Short => Hex[..12];
}
