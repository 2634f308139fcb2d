using Cais.Common;
using Cais.Containers.Spec;

namespace Cais.Containers;

/// <summary>Parses <c>-v HOST:CONTAINER[:ro|rw]</c> (bind mounts only; named volumes come with the volumes issue).</summary>
public static class BindSpec
{
    public static BindMount Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw EngineException.Invalid($"invalid volume specification: '{text}'");
        }

        var readOnly = false;
        if (parts.Length == 3)
        {
            foreach (var option in parts[2].Split(','))
            {
                readOnly = option switch
                {
                    "ro" => true,
                    "rw" => false,
                    "z" or "Z" or "rprivate" or "private" or "rslave" or "slave" or "rshared" or "shared" => readOnly,
                    _ => throw EngineException.Invalid($"invalid mode: {option}"),
                };
            }
        }

        if (!parts[0].StartsWith('/'))
        {
            throw EngineException.Invalid(
                $"invalid volume specification: '{text}': named volumes are not supported yet; the host path must be absolute");
        }

        if (!parts[1].StartsWith('/'))
        {
            throw EngineException.Invalid($"invalid volume specification: '{text}': invalid mount config for type \"bind\": invalid mount path: '{parts[1]}' mount path must be absolute");
        }

        if (parts[1] == "/")
        {
            throw EngineException.Invalid($"invalid volume specification: '{text}': invalid mount config for type \"bind\": invalid specification: destination can't be '/'");
        }

        return new BindMount(Path.GetFullPath(parts[0]), parts[1], readOnly) { Text = text };
    }
}
