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

    public static async Task<ResolvedUser> ResolveAsync(string rootfs, string? user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(user))
        {
            user = "0";
        }

        var colon = user.IndexOf(':', StringComparison.Ordinal);
        var userPart = colon < 0 ? user : user[..colon];
        var groupPart = colon < 0 ? null : user[(colon + 1)..];
        if (userPart.Length == 0)
        {
            userPart = "0";
        }

        // Validate numbers before touching the image so an out-of-range ID fails the same with or without files.
        var numericUser = ParseNumeric(userPart, "uid");
        var numericGroup = string.IsNullOrEmpty(groupPart) ? null : ParseNumeric(groupPart, "gid");

        var passwdText = await RootedFile.ReadAllTextAsync(rootfs, "/etc/passwd", MaxFileBytes, cancellationToken).ConfigureAwait(false);
        var passwd = passwdText is null ? [] : UserDatabase.ParsePasswd(passwdText);

        PasswdEntry? entry;
        uint uid;
        if (numericUser is { } n)
        {
            uid = n;
            entry = passwd.FirstOrDefault(p => p.Uid == uid);
        }
        else
        {
            entry = passwd.FirstOrDefault(p => p.Name == userPart)
                ?? throw EngineException.Invalid($"unable to find user {userPart}: no matching entries in passwd file");
            uid = entry.Uid;
        }

        // Reading /etc/group is needed for a named group and for supplementary groups of a known user.
        IReadOnlyList<GroupEntry> groups = [];
        var needGroups = (groupPart is { Length: > 0 } && numericGroup is null) || entry is not null;
        if (needGroups)
        {
            var groupText = await RootedFile.ReadAllTextAsync(rootfs, "/etc/group", MaxFileBytes, cancellationToken).ConfigureAwait(false);
            groups = groupText is null ? [] : UserDatabase.ParseGroup(groupText);
        }

        uint gid;
        if (numericGroup is { } g)
        {
            gid = g;
        }
        else if (groupPart is { Length: > 0 })
        {
            gid = (groups.FirstOrDefault(e => e.Name == groupPart)
                ?? throw EngineException.Invalid($"unable to find group {groupPart}: no matching entries in group file")).Gid;
        }
        else
        {
            gid = entry?.Gid ?? 0;
        }

        // The primary group always comes first in the supplementary list; leaving it out let a process shed it
        // and bypass group-deny permissions (CVE-2022-36109, CVE-2023-25173). The user's groups from
        // /etc/group follow only when no group was named, which is what runc and Docker do.
        var additional = new List<uint> { gid };
        if (entry is not null && string.IsNullOrEmpty(groupPart))
        {
            foreach (var group in groups)
            {
                if (group.Members.Contains(entry.Name, StringComparer.Ordinal) && !additional.Contains(group.Gid))
                {
                    additional.Add(group.Gid);
                }
            }
        }

        return new ResolvedUser(uid, gid, additional);
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
    private static uint? ParseNumeric(string text, string what)
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
