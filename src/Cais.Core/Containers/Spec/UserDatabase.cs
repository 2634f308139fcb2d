namespace Cais.Containers.Spec;

/// <summary>Parsers for the passwd(5) and group(5) formats. Lines that do not parse are skipped.</summary>
internal static class UserDatabase
{
    public static IReadOnlyList<PasswdEntry> ParsePasswd(string content)
    {
        var entries = new List<PasswdEntry>();
        foreach (var fields in Lines(content))
        {
            // name:password:uid:gid:gecos:home:shell
            if (fields.Length >= 4 && fields[0].Length > 0
                && UserResolver.TryParseId(fields[2], out var uid) && UserResolver.TryParseId(fields[3], out var gid))
            {
                entries.Add(new PasswdEntry(fields[0], uid, gid));
            }
        }

        return entries;
    }

    public static IReadOnlyList<GroupEntry> ParseGroup(string content)
    {
        var entries = new List<GroupEntry>();
        foreach (var fields in Lines(content))
        {
            // name:password:gid:member,member
            if (fields.Length >= 3 && fields[0].Length > 0 && UserResolver.TryParseId(fields[2], out var gid))
            {
                var members = fields.Length >= 4
                    ? fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : [];
                entries.Add(new GroupEntry(fields[0], gid, members));
            }
        }

        return entries;
    }

    private static IEnumerable<string[]> Lines(string content)
    {
        foreach (var raw in content.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            yield return line.Split(':');
        }
    }
}
