using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cais.Common;
using Cais.Oci;
using Cais.Oci.Image;

namespace Cais.Distribution;

// Manifests and indexes: fetch with verification and classification, push.
public sealed partial class RegistryClient
{
    /// <summary>
    /// Fetches a manifest or index by tag or digest. The bytes are verified against the requested digest (or the
    /// registry's Docker-Content-Digest when fetched by tag), and documents whose shape or declared media type is
    /// ambiguous are refused (CVE-2021-41190).
    /// </summary>
    public async Task<FetchedManifest> GetManifestAsync(ImageReference repo, string tagOrDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        Digest? expected = null;
        if (Digest.TryParse(tagOrDigest, out var parsedDigest))
        {
            expected = parsedDigest;
        }
        else if (!ImageReference.IsValidTag(tagOrDigest))
        {
            throw EngineException.Invalid($"invalid tag or digest \"{tagOrDigest}\"");
        }

        var target = Target(repo);
        var uri = new Uri(target.BaseUri, $"v2/{repo.Path}/manifests/{tagOrDigest}");
        var display = expected is { } d ? repo.WithDigest(d) : repo.WithTag(tagOrDigest);

        using var timeout = StartTimeout(cancellationToken);
        try
        {
            using var response = await SendAsync(
                target,
                PullScope(repo),
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, uri);
                    foreach (var mediaType in MediaTypes.AcceptedManifests)
                    {
                        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
                    }

                    return request;
                },
                HttpCompletionOption.ResponseHeadersRead,
                timeout.Token).ConfigureAwait(false);

            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, Operation.PullManifest, display, timeout.Token).ConfigureAwait(false);
            }

            if (response.Content.Headers.ContentLength > MaxManifestBytes)
            {
                throw new EngineException(ErrorKind.InvalidArgument, $"manifest for {display.FamiliarString()} is too large ({response.Content.Headers.ContentLength} bytes, limit {MaxManifestBytes})");
            }

            var bytes = await ReadLimitedAsync(response.Content, MaxManifestBytes, timeout.Token).ConfigureAwait(false)
                ?? throw new EngineException(ErrorKind.InvalidArgument, $"manifest for {display.FamiliarString()} is larger than the {MaxManifestBytes}-byte limit");

            var actual = Digest.Compute(bytes);
            if (expected is { } want && actual != want)
            {
                throw new EngineException(ErrorKind.DataLoss, $"manifest verification failed for {display.FamiliarString()}: expected digest {want}, got {actual}");
            }

            if (response.Headers.TryGetValues("Docker-Content-Digest", out var headerValues)
                && Digest.TryParse(headerValues.FirstOrDefault()?.Trim(), out var claimed)
                && claimed != actual)
            {
                throw new EngineException(ErrorKind.DataLoss, $"manifest verification failed for {display.FamiliarString()}: registry claims digest {claimed}, content hashes to {actual}");
            }

            var mediaType = ClassifyManifest(bytes, response.Content.Headers.ContentType?.MediaType, display);
            return new FetchedManifest(mediaType, bytes, actual);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut("Get", uri, e);
        }
    }

    /// <summary>
    /// Works out what a manifest document is. It must not look like both an index and a manifest, and a mediaType
    /// field, when present, must agree with the Content-Type the registry served (CVE-2021-41190).
    /// </summary>
    internal static string ClassifyManifest(byte[] bytes, string? contentType, ImageReference display)
    {
        ManifestProbe probe;
        try
        {
            probe = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ManifestProbe)
                ?? throw EngineException.Invalid($"invalid manifest for {display.FamiliarString()}: null document");
        }
        catch (JsonException e)
        {
            throw new EngineException(ErrorKind.InvalidArgument, $"invalid manifest for {display.FamiliarString()}: {e.Message}", e);
        }

        var indexShape = probe.Manifests is not null;
        var manifestShape = probe.Layers is not null || probe.Config is not null;
        if (indexShape && manifestShape)
        {
            throw EngineException.Invalid($"refusing ambiguous manifest for {display.FamiliarString()}: it has both \"manifests\" and \"config\"/\"layers\"");
        }

        var served = contentType?.Trim().ToLowerInvariant() switch
        {
            null or "" or "application/json" or "application/octet-stream" or "text/plain" => null,
            var value => value,
        };
        var declared = string.IsNullOrEmpty(probe.MediaType) ? null : probe.MediaType;
        if (declared is not null && served is not null && !string.Equals(declared, served, StringComparison.OrdinalIgnoreCase))
        {
            throw EngineException.Invalid($"refusing manifest for {display.FamiliarString()}: its mediaType \"{declared}\" disagrees with the Content-Type \"{served}\" the registry sent");
        }

        var mediaType = declared ?? served ?? (indexShape ? MediaTypes.OciIndex : manifestShape ? MediaTypes.OciManifest : null);
        if (MediaTypes.IsIndex(mediaType))
        {
            if (!indexShape)
            {
                throw EngineException.Invalid($"invalid manifest for {display.FamiliarString()}: {mediaType} without \"manifests\"");
            }
        }
        else if (MediaTypes.IsManifest(mediaType))
        {
            if (indexShape || probe.Config is null)
            {
                throw EngineException.Invalid($"invalid manifest for {display.FamiliarString()}: {mediaType} without \"config\"");
            }
        }
        else
        {
            throw new EngineException(ErrorKind.NotImplemented, $"unsupported manifest media type \"{mediaType ?? "(none)"}\" for {display.FamiliarString()} (schema 1 and other formats are not supported)");
        }

        if (probe.SchemaVersion != 2)
        {
            throw new EngineException(ErrorKind.NotImplemented, $"unsupported manifest schemaVersion {probe.SchemaVersion} for {display.FamiliarString()}");
        }

        return mediaType!;
    }

    public static ImageIndex ParseIndex(byte[] bytes) => FetchedManifest.ParseIndex(bytes);

    public static ImageManifest ParseManifest(byte[] bytes) => FetchedManifest.ParseManifest(bytes);

    /// <summary>Uploads a manifest under a tag (or digest) and returns the digest of the bytes sent.</summary>
    public async Task<Digest> PushManifestAsync(ImageReference repo, string tag, string mediaType, byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(bytes);
        if (!ImageReference.IsValidTag(tag) && !Digest.TryParse(tag, out _))
        {
            throw EngineException.Invalid($"invalid tag or digest \"{tag}\"");
        }

        if (bytes.Length > MaxManifestBytes)
        {
            throw EngineException.Invalid($"manifest is too large ({bytes.Length} bytes, limit {MaxManifestBytes})");
        }

        var digest = Digest.Compute(bytes);
        var target = Target(repo);
        var uri = new Uri(target.BaseUri, $"v2/{repo.Path}/manifests/{tag}");
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            using var response = await SendAsync(
                target,
                PushScope(repo),
                () =>
                {
                    var body = new ByteArrayContent(bytes);
                    body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                    return new HttpRequestMessage(HttpMethod.Put, uri) { Content = body };
                },
                HttpCompletionOption.ResponseHeadersRead,
                timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw await ErrorAsync(response, Operation.Push, repo.WithTag(ImageReference.IsValidTag(tag) ? tag : ImageReference.DefaultTag), timeout.Token).ConfigureAwait(false);
            }

            if (response.Headers.TryGetValues("Docker-Content-Digest", out var values)
                && Digest.TryParse(values.FirstOrDefault()?.Trim(), out var stored)
                && stored != digest)
            {
                throw new EngineException(ErrorKind.DataLoss, $"registry {target.Host} stored the manifest as {stored}, expected {digest}");
            }

            return digest;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut("Put", uri, e);
        }
    }
}
