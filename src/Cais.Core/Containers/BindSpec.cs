using Cais.Common;
using Cais.Containers.Spec;

namespace Cais.Containers;

/// <summary>Parses <c>-v HOST:CONTAINER[:ro|rw]</c> (bind mounts only; named volumes come with the volumes issue).</summary>
public static class BindSpec
{
    public static BindMount Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length >= 2 && Array.Exists(parts, p => p.Length == 0))
        {
            // The docker CLI's own check, before the daemon sees the spec.
            throw EngineException.InvalidInput($"invalid spec: {text}: empty section between colons");
        }

        if (parts.Length is < 2 or > 3)
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

    /// <summary>
    /// The docker CLI's first step with a <c>-v</c> value: a host path starting with "." (<c>./dir</c>, <c>../dir</c>,
    /// <c>.</c>) is made absolute against the caller's working directory, so the engine only ever sees absolute
    /// sources; anything else (an absolute path, a volume name) is left as written.
    /// </summary>
    public static string WithAbsoluteSource(string text, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !text.StartsWith('.'))
        {
            return text;
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(text[..colon], workingDirectory)) + text[colon..];
    }
}
