namespace Cais.Network.Dns;

/// <summary>
/// The one rule for which names reach a container on a network: its name, any of its network aliases, or its
/// 12-character short ID, compared case-insensitively, with or without a trailing dot; nothing else (no
/// "name.network" forms).
/// </summary>
public static class DnsNames
{
    /// <summary>Docker's short ID length.</summary>
    public const int ShortIdLength = 12;

    /// <summary>The asked name without its trailing dot; "" when nothing is left (which matches nothing).</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.EndsWith('.') ? name[..^1] : name;
    }

    /// <summary>Whether a normalized name names the container with this ID, name (a leading "/" ignored) and aliases.</summary>
    public static bool Matches(string name, string containerId, string containerName, IEnumerable<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(containerId);
        ArgumentNullException.ThrowIfNull(containerName);
        ArgumentNullException.ThrowIfNull(aliases);
        return name.Length > 0
            && (string.Equals(containerName.TrimStart('/'), name, StringComparison.OrdinalIgnoreCase)
                || aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase))
                || (name.Length == ShortIdLength && containerId.Length >= ShortIdLength
                    && containerId.AsSpan(0, ShortIdLength).Equals(name, StringComparison.OrdinalIgnoreCase)));
    }
}
