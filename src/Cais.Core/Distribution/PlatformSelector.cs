using System.Globalization;
using Cais.Common;
using Cais.Oci.Image;

namespace Cais.Distribution;

/// <summary>
/// "--platform" parsing and picking a manifest from an index, with containerd/Docker's normalization of
/// architecture aliases and variants (x86_64 = amd64, aarch64 = arm64, arm64 without variant = v8, arm without variant = v7).
/// </summary>
public static class PlatformSelector
{
    private static readonly HashSet<string> KnownOs =
    [
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd",
        "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
    ];

    private static readonly HashSet<string> KnownArchitectures =
    [
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64", "mips64le",
        "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
        "i386", "x86_64", "x86-64", "aarch64", "armhf", "armel",
    ];

    /// <summary>
    /// Parses "os[/arch[/variant]]" or a bare "os" or "arch" (the other half taken from the host).
    /// The result is normalized, and an arm64 or arm platform always carries its variant.
    /// </summary>
    public static Platform Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var specifier = text.Trim().ToLowerInvariant();
        var parts = specifier.Split('/');
        foreach (var part in parts)
        {
            if (part.Length == 0 || !part.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                throw EngineException.Invalid($"\"{text}\": invalid platform component \"{part}\": invalid argument");
            }
        }

        Platform platform;
        switch (parts.Length)
        {
            case 1 when KnownOs.Contains(NormalizeOs(parts[0])):
                platform = new Platform { Os = parts[0], Architecture = Platform.Host.Architecture, Variant = Platform.Host.Variant };
                break;
            case 1 when KnownArchitectures.Contains(parts[0]):
                platform = new Platform { Os = "linux", Architecture = parts[0] };
                break;
            case 1:
                throw EngineException.Invalid($"\"{text}\": unknown operating system or architecture: invalid argument");
            case 2:
                platform = new Platform { Os = parts[0], Architecture = parts[1] };
                break;
            case 3:
                platform = new Platform { Os = parts[0], Architecture = parts[1], Variant = parts[2] };
                break;
            default:
                throw EngineException.Invalid($"\"{text}\": cannot parse platform specifier: invalid argument");
        }

        platform = Normalize(platform);
        return platform.Architecture switch
        {
            "arm64" when platform.Variant is null => platform with { Variant = "v8" },
            "arm" when platform.Variant is null => platform with { Variant = "v7" },
            _ => platform,
        };
    }

    /// <summary>Canonical OCI names: lower case, aliases folded, variants spelled "vN".</summary>
    public static Platform Normalize(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var os = NormalizeOs(platform.Os.ToLowerInvariant());
        var arch = platform.Architecture.ToLowerInvariant();
        var variant = string.IsNullOrEmpty(platform.Variant) ? null : platform.Variant.ToLowerInvariant();
        switch (arch)
        {
            case "i386":
                arch = "386";
                variant = null;
                break;
            case "x86_64" or "x86-64" or "amd64":
                arch = "amd64";
                variant = variant is "v1" or "1" ? null : PrefixV(variant);
                break;
            case "aarch64" or "arm64":
                arch = "arm64";
                variant = variant switch
                {
                    "8" or "v8" or "v8.0" => "v8",
                    "9" or "9.0" or "v9.0" => "v9",
                    _ => PrefixV(variant),
                };
                break;
            case "armhf":
                arch = "arm";
                variant = "v7";
                break;
            case "armel":
                arch = "arm";
                variant = "v6";
                break;
            case "arm":
                variant = PrefixV(variant);
                break;
        }

        return platform with { Os = os, Architecture = arch, Variant = variant };
    }

    /// <summary>Whether an image for <paramref name="candidate"/> can serve a request for <paramref name="wanted"/>.</summary>
    public static bool Matches(Platform candidate, Platform wanted) =>
        Score(Normalize(candidate), Normalize(wanted)) is not null;

    /// <summary>
    /// The manifest of <paramref name="index"/> for <paramref name="wanted"/>, or null when none fits (the caller reports
    /// "no matching manifest for linux/amd64 in the manifest list entries"). OS and architecture must match; an exact
    /// variant is preferred, then the closest older compatible one.
    /// </summary>
    public static Descriptor? Select(ImageIndex index, Platform wanted)
    {
        ArgumentNullException.ThrowIfNull(index);
        var target = Normalize(wanted);
        Descriptor? best = null;
        var bestScore = int.MinValue;
        foreach (var descriptor in index.Manifests)
        {
            if (descriptor.Platform is null)
            {
                continue;
            }

            if (Score(Normalize(descriptor.Platform), target) is { } score && score > bestScore)
            {
                best = descriptor;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>Higher is better; null means incompatible.</summary>
    private static int? Score(Platform candidate, Platform wanted)
    {
        if (candidate.Os != wanted.Os || candidate.Architecture != wanted.Architecture)
        {
            return null;
        }

        switch (wanted.Architecture)
        {
            case "amd64":
                // Variants of amd64 (microarchitecture levels) only matter when asked for.
                if (wanted.Variant is null)
                {
                    return candidate.Variant is null ? 1000 : 500;
                }

                return CompareLevels(candidate.Variant ?? "v1", wanted.Variant);
            case "arm64":
                return CompareLevels(candidate.Variant ?? "v8", wanted.Variant ?? "v8");
            case "arm":
                return CompareLevels(candidate.Variant ?? "v7", wanted.Variant ?? "v7");
            default:
                if (candidate.Variant == wanted.Variant)
                {
                    return 1000;
                }

                return wanted.Variant is null ? 500 : null;
        }
    }

    /// <summary>Exact variant first; otherwise an older level runs on a newer CPU, the newest such level winning.</summary>
    private static int? CompareLevels(string candidate, string wanted)
    {
        if (candidate == wanted)
        {
            return 1000;
        }

        if (Level(candidate) is { } have && Level(wanted) is { } want && have <= want)
        {
            return (int)(have * 10);
        }

        return null;
    }

    private static double? Level(string variant) =>
        variant.StartsWith('v') && double.TryParse(variant.AsSpan(1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var level)
            ? level
            : null;

    private static string NormalizeOs(string os) => os == "macos" ? "darwin" : os;

    private static string? PrefixV(string? variant) =>
        variant is { Length: > 0 } && char.IsAsciiDigit(variant[0]) ? "v" + variant : variant;
}
