using System.Text;
using System.Text.Json;
using Cais.Common;
using Cais.Containers.Spec;

namespace Cais.Containers.Security;

/// <summary>
/// What <c>--security-opt</c> asks for. Docker splits the work between its CLI and its daemon, and so does this class:
/// <see cref="ResolveAsync"/> is the client's step (syntax, and a seccomp file read once, at create, into the option as
/// compact JSON, so the container keeps the profile it was created with); <see cref="Parse"/> is the daemon's step,
/// run at create to refuse bad options before anything exists and again at every start on the stored options.
/// Nothing is ignored silently: an option either takes effect or is refused, except AppArmor and SELinux labels on a
/// host without them, which Docker accepts and ignores too.
/// </summary>
public sealed record SecurityOptions
{
    /// <summary>The built-in profile's name (Docker's), also the meaning of no seccomp option.</summary>
    public const string BuiltinSeccomp = "builtin";

    public const string UnconfinedSeccomp = "unconfined";

    public static SecurityOptions None { get; } = new();

    public bool NoNewPrivileges { get; init; }

    public bool SeccompUnconfined { get; init; }

    /// <summary>A custom profile replacing the default one; null for the default.</summary>
    public SeccompProfile? SeccompProfile { get; init; }

    /// <summary>The AppArmor profile to apply, only on hosts with AppArmor.</summary>
    public string? AppArmorProfile { get; init; }

    /// <summary>
    /// Validates the syntax of each option and replaces <c>seccomp=FILE</c> by <c>seccomp=JSON</c> (the file's
    /// content, compacted), with Docker's client-side errors.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ResolveAsync(IReadOnlyList<string> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var resolved = new List<string>(options.Count);
        foreach (var option in options)
        {
            var (key, value) = Split(option);
            if (key != "no-new-privileges" && string.IsNullOrEmpty(value))
            {
                // no-new-privileges is the one option that needs no value.
                throw EngineException.Invalid($"invalid --security-opt: \"{option}\"");
            }

            if (key == "seccomp" && value is not (BuiltinSeccomp or UnconfinedSeccomp))
            {
                resolved.Add("seccomp=" + Compact(value!, await ReadProfileAsync(value!, cancellationToken).ConfigureAwait(false)));
                continue;
            }

            resolved.Add(option);
        }

        return resolved;
    }

    /// <summary>Interprets resolved options (see <see cref="ResolveAsync"/>) for <paramref name="host"/>, with Docker's daemon-side errors.</summary>
    public static SecurityOptions Parse(IReadOnlyList<string> options, HostFacts host)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(host);
        var result = None;
        foreach (var option in options)
        {
            var (key, value) = Split(option);
            result = (key, value) switch
            {
                ("no-new-privileges", null) => result with { NoNewPrivileges = true },
                ("no-new-privileges", _) => result with { NoNewPrivileges = ParseBool(value, option) },
                ("seccomp", UnconfinedSeccomp) => result with { SeccompUnconfined = true, SeccompProfile = null },
                ("seccomp", BuiltinSeccomp) => result with { SeccompUnconfined = false, SeccompProfile = null },
                ("seccomp", { } json) => result with { SeccompUnconfined = false, SeccompProfile = SeccompProfileLoader.Decode(json) },
                ("apparmor", { } profile) => result with { AppArmorProfile = host.AppArmorEnabled ? profile : null },
                ("label", { }) when !host.SelinuxEnabled => result,
                ("label", { }) => throw new EngineException(ErrorKind.NotImplemented, $"SELinux labels are not supported yet: \"{option}\""),
                _ => throw EngineException.Invalid($"invalid --security-opt 2: \"{option}\""),
            };
        }

        return result;
    }

    // KEY=VALUE, or Docker's older KEY:VALUE; a bare word has no value.
    private static (string Key, string? Value) Split(string option)
    {
        var separator = option.IndexOf('=', StringComparison.Ordinal);
        if (separator < 0)
        {
            separator = option.IndexOf(':', StringComparison.Ordinal);
        }

        return separator < 0 ? (option, null) : (option[..separator], option[(separator + 1)..]);
    }

    // Go's strconv.ParseBool, which Docker uses.
    private static bool ParseBool(string? value, string option) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw EngineException.Invalid($"invalid --security-opt 2: \"{option}\""),
    };

    private static async Task<byte[]> ReadProfileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
                UnauthorizedAccessException when Directory.Exists(path) => "is a directory",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            throw EngineException.Invalid($"opening seccomp profile ({path}) failed: open {path}: {reason}");
        }
    }

    private static string Compact(string path, byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                document.WriteTo(writer);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException e)
        {
            throw EngineException.Invalid($"compacting json for seccomp profile ({path}) failed: {e.Message}");
        }
    }
}
