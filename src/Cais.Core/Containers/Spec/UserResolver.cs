using System.Globalization;
using Cais.Common;
using Cais.Linux;

namespace Cais.Containers.Spec;

/// <summary>
/// Turns a user spec ("uid", "uid:gid", "name", "name:group", ...) into numeric IDs using the image's own
/// /etc/passwd and /etc/group. Those files are untrusted image content: they are opened inside the rootfs as if
/// chrooted (symlinks cannot reach host files), only when they are regular files (a FIFO or device could hang or
/// never end, CVE-2024-9676), and reading stops at <see cref="MaxFileBytes"/> (CVE-2026-47262).
/// </summary>
public static class UserResolver
{
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Largest accepted uid/gid. Larger values wrap in some runtimes and ended up as root (CVE-2024-40635).</summary>
    public const long MaxId = int.MaxValue;

    private const string PasswdPath = "/etc/passwd";
    private const string GroupPath = "/etc/group";

    public static async Task<ResolvedUser> ResolveAsync(string rootfs, string? user, CancellationToken cancellationToken)
    {
        var request = UserRequest.Parse(user);
        var passwd = await InRootResolver.ReadAllTextAsync(rootfs, PasswdPath, MaxFileBytes, cancellationToken).ConfigureAwait(false);
        var entry = request.FindUser(passwd);
        var groups = request.NeedsGroupFile(entry)
            ? await InRootResolver.ReadAllTextAsync(rootfs, GroupPath, MaxFileBytes, cancellationToken).ConfigureAwait(false)
            : null;
        return request.Complete(entry, groups);
    }

    /// <summary>Synchronous <see cref="ResolveAsync"/>; reads at most two bounded regular files.</summary>
    public static ResolvedUser Resolve(string rootfs, string? user)
    {
        var request = UserRequest.Parse(user);
        var entry = request.FindUser(InRootResolver.ReadAllText(rootfs, PasswdPath, MaxFileBytes));
        var groups = request.NeedsGroupFile(entry) ? InRootResolver.ReadAllText(rootfs, GroupPath, MaxFileBytes) : null;
        return request.Complete(entry, groups);
    }

    /// <summary>Parses a decimal ID in 0..<see cref="MaxId"/>.</summary>
    internal static bool TryParseId(string text, out uint id)
    {
        id = 0;
        if (text.Length is 0 or > 10 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        var value = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        if (value > MaxId)
        {
            return false;
        }

        id = (uint)value;
        return true;
    }

    // Null for a name; the value for a number in range; an error for a number out of range (including negative
    // numbers and ones too long to parse).
    internal static uint? ParseNumeric(string text, string what)
    {
        var digits = text.StartsWith('-') ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        if (text.StartsWith('-') || !TryParseId(text, out var id))
        {
            throw EngineException.Invalid($"invalid {what} {text}: uids and gids must be in range 0-{MaxId}");
        }

        return id;
    }
}
