using System.Text.RegularExpressions;
using Cais.Common;

namespace Cais.Distribution;

/// <summary>
/// A parsed image reference in Docker's grammar: [domain/]path[:tag][@digest], normalized the way the Docker CLI does
/// (bare names live on docker.io under "library/").
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHubDomain = "docker.io";
    public const string DockerHubRegistryHost = "registry-1.docker.io";
    public const string DefaultTag = "latest";
    public const int NameTotalLengthMax = 255;

    private const string OfficialRepoPrefix = "library/";

    private ImageReference(string domain, string path, string? tag, Digest? digest)
    {
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry name as written in the reference ("docker.io", "127.0.0.1:5000", "[::1]:5000").</summary>
    public string Domain { get; }

    /// <summary>The repository path inside the registry ("library/busybox").</summary>
    public string Path { get; }

    /// <summary>The tag, or null when the reference has none.</summary>
    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>domain/path, the canonical repository name.</summary>
    public string Repository => $"{Domain}/{Path}";

    /// <summary>The repository name as Docker shows it: without "docker.io/" and, for official images, without "library/".</summary>
    public string FamiliarName
    {
        get
        {
            if (Domain != DockerHubDomain)
            {
                return Repository;
            }

            if (Path.StartsWith(OfficialRepoPrefix, StringComparison.Ordinal) && !Path.AsSpan(OfficialRepoPrefix.Length).Contains('/'))
            {
                return Path[OfficialRepoPrefix.Length..];
            }

            return Path;
        }
    }

    /// <summary>The host to talk HTTP to. Docker Hub's name and its API host differ; every other registry is its own host.</summary>
    public string RegistryHost => Domain == DockerHubDomain ? DockerHubRegistryHost : Domain;

    /// <summary>What to ask the registry for: the digest when there is one (it pins content), else the tag, else "latest".</summary>
    public string TagOrDigest => Digest?.ToString() ?? Tag ?? DefaultTag;

    public ImageReference WithDefaultTag() =>
        Tag is null && Digest is null ? new ImageReference(Domain, Path, DefaultTag, null) : this;

    public ImageReference WithTag(string tag)
    {
        if (!IsValidTag(tag))
        {
            throw EngineException.Invalid("invalid reference format");
        }

        return new ImageReference(Domain, Path, tag, null);
    }

    public ImageReference WithDigest(Digest digest) => new(Domain, Path, null, digest);

    /// <summary>The repository alone, without tag or digest.</summary>
    public ImageReference WithoutTagOrDigest() => new(Domain, Path, null, null);

    public override string ToString() => Repository + Suffix();

    public string FamiliarString() => FamiliarName + Suffix();

    private string Suffix()
    {
        var text = Tag is null ? "" : ":" + Tag;
        return Digest is { } digest ? text + "@" + digest : text;
    }

    public static ImageReference Parse(string text)
    {
        if (!TryParse(text, out var reference, out var error))
        {
            throw EngineException.Invalid(error);
        }

        return reference;
    }

    public static bool TryParse(string? text, out ImageReference reference) => TryParse(text, out reference, out _);

    /// <summary>Docker's wording for a missing image: a name is shown with its default tag ("No such image: x:latest").</summary>
    public static string NoSuchImage(string nameOrId) =>
        $"No such image: {(TryParse(nameOrId, out var reference) ? reference.WithDefaultTag().FamiliarString() : nameOrId)}";

    /// <summary>
    /// <see cref="Parse"/> of a name the user typed for run, create or pull, which the docker CLI checks itself: a bad
    /// one is a client error (no "Error response from daemon: ").
    /// </summary>
    public static ImageReference ParseInput(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw EngineException.InvalidInput(error);

    private static bool TryParse(string? text, out ImageReference reference, out string error)
    {
        reference = null!;
        error = "invalid reference format";
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        // A bare 64-hex string is an image ID; Docker refuses it as a name so "pull <id>" cannot mean a repository.
        if (Common.Digest.IsHex64(text))
        {
            error = $"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings";
            return false;
        }

        var (domain, remainder) = SplitDomain(text);

        var digestAt = remainder.IndexOf('@', StringComparison.Ordinal);
        var nameAndTag = digestAt >= 0 ? remainder[..digestAt] : remainder;
        var digestText = digestAt >= 0 ? remainder[(digestAt + 1)..] : null;

        var tagAt = nameAndTag.IndexOf(':', StringComparison.Ordinal);
        var path = tagAt >= 0 ? nameAndTag[..tagAt] : nameAndTag;
        var tag = tagAt >= 0 ? nameAndTag[(tagAt + 1)..] : null;

        if (!path.Equals(path.ToLowerInvariant(), StringComparison.Ordinal))
        {
            error = $"invalid reference format: repository name ({path}) must be lowercase";
            return false;
        }

        if (!DomainRegex().IsMatch(domain) || !PathRegex().IsMatch(path))
        {
            return false;
        }

        if (tag is not null && !IsValidTag(tag))
        {
            return false;
        }

        Digest? digest = null;
        if (digestText is not null)
        {
            if (!Common.Digest.TryParse(digestText, out var parsed))
            {
                return false;
            }

            digest = parsed;
        }

        if (domain.Length + 1 + path.Length > NameTotalLengthMax)
        {
            error = $"invalid reference format: repository name must not be more than {NameTotalLengthMax} characters";
            return false;
        }

        reference = new ImageReference(domain, path, tag, digest);
        return true;
    }

    /// <summary>
    /// Docker's rule: the first component names a registry when it looks like a host (has '.' or ':', is "localhost",
    /// or has upper case, which a repository path cannot); otherwise the whole name is a Docker Hub repository.
    /// </summary>
    private static (string Domain, string Remainder) SplitDomain(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        string domain;
        string remainder;
        if (slash < 0)
        {
            domain = DockerHubDomain;
            remainder = name;
        }
        else
        {
            var first = name[..slash];
            if (first.AsSpan().IndexOfAny('.', ':') < 0 && first != "localhost" && first == first.ToLowerInvariant())
            {
                domain = DockerHubDomain;
                remainder = name;
            }
            else
            {
                domain = first;
                remainder = name[(slash + 1)..];
            }
        }

        if (domain == "index.docker.io")
        {
            domain = DockerHubDomain;
        }

        if (domain == DockerHubDomain && !remainder.Contains('/', StringComparison.Ordinal))
        {
            remainder = OfficialRepoPrefix + remainder;
        }

        return (domain, remainder);
    }

    public static bool IsValidTag(string tag) => TagRegex().IsMatch(tag);

    // Go's \w is ASCII-only, so the classes are spelled out instead of using .NET's Unicode \w.
    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagRegex();

    // The grammar's separator is "[._]|__|[-]*"; "[-]+" accepts the same language without the nested-quantifier
    // backtracking blow-up that an empty separator causes on long invalid input.
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathRegex();

    [GeneratedRegex(@"^(?:(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])(?:\.(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]))*|\[[A-Fa-f0-9:]+\])(?::[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainRegex();
}
