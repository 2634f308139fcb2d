using Cais.Common;

namespace Cais.Cli.Commands.Containers;

/// <summary>
/// One --network value: a plain name or mode ("bridge", "host", "container:web", "mynet"), or Docker's advanced form
/// "name=mynet,alias=db,ip=10.1.0.5".
/// </summary>
public sealed record NetworkFlag(string Name, string? IpAddress, IReadOnlyList<string> Aliases)
{
    public static NetworkFlag Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains('=', StringComparison.Ordinal))
        {
            return new NetworkFlag(value == "default" ? "bridge" : value, null, []);
        }

        string? name = null;
        string? ip = null;
        var aliases = new List<string>();
        foreach (var field in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? field : field[..eq];
            var item = eq < 0 ? "" : field[(eq + 1)..];
            switch (key)
            {
                case "name":
                    name = item;
                    break;
                case "alias":
                    aliases.Add(item);
                    break;
                case "ip":
                    ip = item;
                    break;
                default:
                    throw EngineException.Invalid($"invalid field \"{key}\" in --network \"{value}\": expected name, alias or ip");
            }
        }

        return new NetworkFlag(name is { Length: > 0 } ? name : throw EngineException.Invalid($"invalid --network \"{value}\": name is required"), ip, aliases);
    }
}
