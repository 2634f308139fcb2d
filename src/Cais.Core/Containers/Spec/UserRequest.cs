using Cais.Common;

namespace Cais.Containers.Spec;

/// <summary>A parsed user spec and the steps of resolving it, shared by the sync and async resolvers.</summary>
internal sealed record UserRequest(string User, string? Group, uint? NumericUser, uint? NumericGroup)
{
    public static UserRequest Parse(string? spec)
    {
        if (string.IsNullOrEmpty(spec))
        {
            spec = "0";
        }

        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? spec : spec[..colon];
        var group = colon < 0 ? null : spec[(colon + 1)..];
        if (user.Length == 0)
        {
            user = "0";
        }

        if (group is { Length: 0 })
        {
            group = null;
        }

        // Numbers are validated before the image is touched, so an out-of-range ID fails the same with or without files.
        return new UserRequest(user, group, UserResolver.ParseNumeric(user, "uid"), group is null ? null : UserResolver.ParseNumeric(group, "gid"));
    }

    /// <summary>The passwd entry of the user; null for a numeric user the file does not know (or no file).</summary>
    public PasswdEntry? FindUser(string? passwdText)
    {
        var passwd = passwdText is null ? [] : UserDatabase.ParsePasswd(passwdText);
        if (NumericUser is { } uid)
        {
            return passwd.FirstOrDefault(p => p.Uid == uid);
        }

        return passwd.FirstOrDefault(p => p.Name == User)
            ?? throw EngineException.Invalid($"unable to find user {User}: no matching entries in passwd file");
    }

    /// <summary>/etc/group is needed for a group given by name and for the supplementary groups of a known user.</summary>
    public bool NeedsGroupFile(PasswdEntry? entry) => (Group is not null && NumericGroup is null) || entry is not null;

    public ResolvedUser Complete(PasswdEntry? entry, string? groupText)
    {
        var groups = groupText is null ? [] : UserDatabase.ParseGroup(groupText);
        var uid = NumericUser ?? entry!.Uid;

        uint gid;
        if (NumericGroup is { } numericGroup)
        {
            gid = numericGroup;
        }
        else if (Group is not null)
        {
            gid = (groups.FirstOrDefault(g => g.Name == Group)
                ?? throw EngineException.Invalid($"unable to find group {Group}: no matching entries in group file")).Gid;
        }
        else
        {
            gid = entry?.Gid ?? 0;
        }

        // The primary group always comes first in the supplementary list; leaving it out let a process shed it
        // and bypass group-deny permissions (CVE-2022-36109, CVE-2023-25173). The user's groups from
        // /etc/group follow only when no group was named, which is what runc and Docker do.
        var additional = new List<uint> { gid };
        if (entry is not null && Group is null)
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
}
