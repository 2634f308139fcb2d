using Cais.Api;
using Cais.Common;
using Cais.Distribution;
using Cais.Metadata;

namespace Cais.Images.Listing;

/// <summary>
/// The image list's filters as Docker reads them. dangling=true|false: untagged or tagged images; label: KEY or
/// KEY=VALUE of the image config (all must hold); before/since: created before or after an image named by reference
/// or ID; until: created before a time or duration ago; reference: a glob ('*' stops at '/') on the familiar
/// "REPO:TAG" or "REPO", which also narrows the names listed. Values of one key are alternatives; keys must all match.
/// </summary>
public sealed class ImageFilter
{
    private static readonly string[] s_keys = ["dangling", "label", "before", "since", "reference", "until"];

    private readonly FilterArgs _filters;
    private readonly bool? _dangling;
    private readonly DateTimeOffset? _before;
    private readonly DateTimeOffset? _since;
    private readonly DateTimeOffset? _until;

    /// <param name="filters">The filters; refused in Docker's words when a key or value is not Docker's.</param>
    /// <param name="find">Resolves an image name or ID, for before and since.</param>
    /// <param name="now">The moment an "until" duration counts back from.</param>
    public ImageFilter(FilterArgs filters, Func<string, ImageRecord?> find, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(find);
        FilterMatch.RefuseUnknownKeys(filters, s_keys);
        _filters = filters;
        _dangling = FilterMatch.Boolean(filters, "dangling", allowDigits: false,
            _ => EngineException.Invalid($"invalid filter 'dangling=[{string.Join(' ', filters.Get("dangling"))}]'"));
        foreach (var pattern in filters.Get("reference"))
        {
            _ = GlobPattern.IsMatch(pattern, "");
        }

        _until = filters.Get("until").Select(v => (DateTimeOffset?)FilterTime.Parse(v, now)).Min();
        _before = filters.Get("before").Select(v => (DateTimeOffset?)Resolve(find, v).Created).Min();
        _since = filters.Get("since").Select(v => (DateTimeOffset?)Resolve(find, v).Created).Max();
    }

    /// <summary>Whether the filters read the image config (labels), which costs a read per image.</summary>
    public bool NeedsLabels => _filters.Contains("label");

    /// <summary>Whether the image passes every filter but "reference" (which <see cref="KeepsName"/> applies name by name).</summary>
    public bool Matches(ImageRecord image, bool tagged, IReadOnlyDictionary<string, string>? labels)
    {
        ArgumentNullException.ThrowIfNull(image);
        return (_dangling is null || _dangling == !tagged)
            && FilterMatch.Labels(_filters, "label", labels)
            && (_before is null || image.Created < _before)
            && (_since is null || image.Created > _since)
            && (_until is null || image.Created < _until);
    }

    /// <summary>Whether a name of the image stays listed: one "reference" pattern matches its "REPO:TAG" or its "REPO".</summary>
    public bool KeepsName(ImageReference name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FilterMatch.AnyValue(_filters, "reference", pattern =>
            GlobPattern.IsMatch(pattern, name.FamiliarString()) || GlobPattern.IsMatch(pattern, name.FamiliarName));
    }

    /// <summary>Whether untagged, undigested images are dropped: a reference filter asks for names.</summary>
    public bool WantsNames => _filters.Contains("reference");

    private static ImageRecord Resolve(Func<string, ImageRecord?> find, string value) =>
        find(value) ?? throw EngineException.NotFound(
            $"No such image: {(ImageReference.TryParse(value, out var reference) && reference.Tag is null && reference.Digest is null ? reference.WithDefaultTag().FamiliarString() : value)}");
}
