using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Cais.Common;
using Cais.Oci;
using Cais.Oci.Image;

namespace Cais.Distribution;

/// <summary>
/// A client for the OCI distribution API (Docker registry v2): manifests, blobs, uploads, with the
/// anonymous-then-challenge authentication flow. One instance can serve many registries; tokens are cached per host and scope.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxRedirects = 10;

    private readonly RegistryClientOptions _options;
    private readonly HttpClient _http;
    private readonly Lock _cacheLock = new();
    private readonly Dictionary<(string Host, string Scope), (string Token, DateTimeOffset Expires)> _tokens = [];
    private readonly HashSet<string> _basicHosts = new(StringComparer.OrdinalIgnoreCase);

    public RegistryClient(RegistryClientOptions? options = null)
    {
        _options = options ?? new RegistryClientOptions();
        if (_options.Handler is { } handler)
        {
            _http = new HttpClient(handler, disposeHandler: false);
        }
        else
        {
            _http = new HttpClient(
                new SocketsHttpHandler
                {
                    // Redirects are followed by hand so Authorization never travels to another host (CVE-2020-15157).
                    AllowAutoRedirect = false,
                    // Layer blobs are gzip files themselves; transparent decompression would break their digests.
                    AutomaticDecompression = DecompressionMethods.None,
                    ConnectTimeout = _options.ConnectTimeout,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                },
                disposeHandler: true);
        }

        // Timeouts are applied per operation (small requests) or per read (blob bodies), never to a whole blob transfer.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
    }

    public RegistryClientOptions Options => _options;

    public void Dispose() => _http.Dispose();

    // ---------------------------------------------------------------- manifests

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

    // ---------------------------------------------------------------- blobs

    /// <summary>
    /// Opens a blob for reading from <paramref name="offset"/>. The stream resumes by itself with Range requests when
    /// the body breaks, and refuses to yield more than the descriptor's size. The caller verifies the digest.
    /// The returned stream is a <see cref="BlobStream"/> (it exposes the resume count).
    /// </summary>
    public async Task<Stream> OpenBlobAsync(ImageReference repo, Descriptor blob, long offset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(blob);
        var digest = Digest.Parse(blob.Digest);
        if (blob.Size < 0 || offset < 0 || offset > blob.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"offset {offset} is outside blob {digest} of size {blob.Size}");
        }

        // The first request is retried like a broken body is resumed: a registry that blinks (a reset connection,
        // a refused connect, a 5xx) should not fail a pull that a second attempt would complete.
        for (var attempt = 0; ; attempt++)
        {
            var stream = new BlobStream(this, repo, blob, digest, offset);
            try
            {
                if (offset < blob.Size)
                {
                    await stream.OpenAsync(cancellationToken).ConfigureAwait(false);
                }

                return stream;
            }
            catch (Exception e) when (attempt < Options.BlobResumeAttempts && BlobStream.IsResumable(e, cancellationToken))
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                await Task.Delay(Options.BlobResumeBackoff * (attempt + 1), Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Issues one GET for a blob from <paramref name="position"/>; the response is 200 or 206 on return.</summary>
    internal async Task<HttpResponseMessage> SendBlobGetAsync(ImageReference repo, Digest digest, long position, CancellationToken cancellationToken)
    {
        var target = Target(repo);
        var uri = new Uri(target.BaseUri, $"v2/{repo.Path}/blobs/{digest}");
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            var response = await SendAsync(
                target,
                PullScope(repo),
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, uri);
                    if (position > 0)
                    {
                        request.Headers.Range = new RangeHeaderValue(position, null);
                    }

                    return request;
                },
                HttpCompletionOption.ResponseHeadersRead,
                timeout.Token).ConfigureAwait(false);

            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.PartialContent)
            {
                return response;
            }

            using (response)
            {
                throw await ErrorAsync(response, Operation.PullBlob, repo.WithDigest(digest), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut("Get", uri, e);
        }
    }

    public async Task<bool> BlobExistsAsync(ImageReference repo, Digest digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var target = Target(repo);
        var uri = new Uri(target.BaseUri, $"v2/{repo.Path}/blobs/{digest}");
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            using var response = await SendAsync(
                target,
                PushScope(repo),
                () => new HttpRequestMessage(HttpMethod.Head, uri),
                HttpCompletionOption.ResponseHeadersRead,
                timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            throw await ErrorAsync(response, Operation.Push, repo.WithDigest(digest), timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut("Head", uri, e);
        }
    }

    /// <summary>Uploads a blob monolithically: POST to start an upload session, then one PUT of the whole content with ?digest=.</summary>
    public async Task PushBlobAsync(ImageReference repo, Descriptor blob, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        var digest = Digest.Parse(blob.Digest);
        var target = Target(repo);
        var startUri = new Uri(target.BaseUri, $"v2/{repo.Path}/blobs/uploads/");

        Uri location;
        using (var timeout = StartTimeout(cancellationToken))
        {
            try
            {
                using var started = await SendAsync(
                    target,
                    PushScope(repo),
                    () => new HttpRequestMessage(HttpMethod.Post, startUri) { Content = new ByteArrayContent([]) },
                    HttpCompletionOption.ResponseHeadersRead,
                    timeout.Token).ConfigureAwait(false);
                if (started.StatusCode != HttpStatusCode.Accepted)
                {
                    throw await ErrorAsync(started, Operation.Push, repo.WithDigest(digest), timeout.Token).ConfigureAwait(false);
                }

                var header = started.Headers.Location
                    ?? throw new EngineException(ErrorKind.Unknown, $"registry {target.Host} started a blob upload without a Location header");
                location = new Uri(startUri, header);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw TimedOut("Post", startUri, e);
            }
        }

        if (location.Scheme != Uri.UriSchemeHttp && location.Scheme != Uri.UriSchemeHttps)
        {
            throw new EngineException(ErrorKind.Unknown, $"registry {target.Host} returned an unusable upload location \"{location}\"");
        }

        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        var putUri = new Uri(location.AbsoluteUri + separator + "digest=" + Uri.EscapeDataString(digest.ToString()));
        var startPosition = content.CanSeek ? content.Position : 0;
        var attempts = 0;

        using var put = await SendAsync(
            target,
            PushScope(repo),
            () =>
            {
                if (attempts++ > 0)
                {
                    // A 401 on the PUT means the body must go again; only a seekable source can be replayed.
                    if (!content.CanSeek)
                    {
                        throw new EngineException(ErrorKind.Unauthorized, $"registry {target.Host} asked to re-authenticate during the upload of {digest} and the content cannot be re-sent");
                    }

                    content.Position = startPosition;
                }

                var body = new BorrowedStreamContent(content, blob.Size);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                return new HttpRequestMessage(HttpMethod.Put, putUri) { Content = body };
            },
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken).ConfigureAwait(false);

        if (put.StatusCode != HttpStatusCode.Created)
        {
            throw await ErrorAsync(put, Operation.Push, repo.WithDigest(digest), cancellationToken).ConfigureAwait(false);
        }
    }

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

    // ---------------------------------------------------------------- login

    /// <summary>
    /// Checks credentials against GET /v2/ through the challenge flow (Basic or a token request), without storing anything.
    /// Throws <see cref="ErrorKind.Unauthorized"/> when the registry refuses them.
    /// </summary>
    public async Task CheckCredentialsAsync(string registry, string user, string password, CancellationToken cancellationToken)
    {
        var host = registry == ImageReference.DockerHubDomain ? ImageReference.DockerHubRegistryHost : registry;
        var target = new RegistryTarget(host, RegistryEndpoint.BaseUri(host, _options.InsecureHosts), (user, password));
        var uri = new Uri(target.BaseUri, "v2/");
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            using var response = await SendAsync(
                target,
                scope: null,
                () => new HttpRequestMessage(HttpMethod.Get, uri),
                HttpCompletionOption.ResponseHeadersRead,
                timeout.Token,
                useCache: false).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                var error = await ReadErrorAsync(response, timeout.Token).ConfigureAwait(false);
                throw new EngineException(ErrorKind.Unauthorized, $"Get \"{uri}\": {error.Text ?? "unauthorized: authentication required"}");
            }

            throw new EngineException(
                response.StatusCode >= HttpStatusCode.InternalServerError ? ErrorKind.Unavailable : ErrorKind.Unknown,
                $"login attempt to {uri} failed with status: {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut("Get", uri, e);
        }
    }

    // ---------------------------------------------------------------- transport and auth

    private sealed record RegistryTarget(string Host, Uri BaseUri, (string User, string Password)? Credentials);

    private enum Operation
    {
        PullManifest,
        PullBlob,
        Push,
    }

    private RegistryTarget Target(ImageReference repo) =>
        new(repo.RegistryHost, RegistryEndpoint.BaseUri(repo.RegistryHost, _options.InsecureHosts), _options.CredentialLookup?.Invoke(repo.Domain));

    private static string PullScope(ImageReference repo) => $"repository:{repo.Path}:pull";

    private static string PushScope(ImageReference repo) => $"repository:{repo.Path}:pull,push";

    private CancellationTokenSource StartTimeout(CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_options.RequestTimeout);
        return cts;
    }

    private static EngineException TimedOut(string method, Uri uri, Exception inner) =>
        new(ErrorKind.Unavailable, $"{method} \"{uri}\": request timed out (registry {uri.Host}:{uri.Port} did not answer in time)", inner);

    /// <summary>
    /// Sends a request anonymously (or with cached auth), and on a 401 from the registry host itself answers the
    /// challenge once and retries. <paramref name="createRequest"/> is called again for the retry because a request
    /// message cannot be sent twice.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(
        RegistryTarget target,
        string? scope,
        Func<HttpRequestMessage> createRequest,
        HttpCompletionOption completion,
        CancellationToken cancellationToken,
        bool useCache = true)
    {
        var request = createRequest();
        if (useCache)
        {
            request.Headers.Authorization = CachedAuthorization(target, scope);
        }

        var response = await SendFollowingRedirectsAsync(target, request, completion, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !IsRegistryHost(target, response.RequestMessage?.RequestUri))
        {
            // A 401 from a redirect target (a CDN, or an attacker's host) is never answered with our credentials.
            return response;
        }

        var challenges = response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values)
            ? AuthChallenge.Parse(values)
            : [];
        var authorization = await AnswerChallengeAsync(target, scope, challenges, request, cancellationToken).ConfigureAwait(false);
        if (authorization is null)
        {
            return response;
        }

        response.Dispose();
        var retry = createRequest();
        retry.Headers.Authorization = authorization;
        return await SendFollowingRedirectsAsync(target, retry, completion, cancellationToken).ConfigureAwait(false);
    }

    private AuthenticationHeaderValue? CachedAuthorization(RegistryTarget target, string? scope)
    {
        lock (_cacheLock)
        {
            if (target.Credentials is { } credentials && _basicHosts.Contains(target.Host))
            {
                return BasicAuthorization(credentials);
            }

            if (_tokens.TryGetValue((target.Host, scope ?? ""), out var cached) && cached.Expires > _options.TimeProvider.GetUtcNow())
            {
                return new AuthenticationHeaderValue("Bearer", cached.Token);
            }
        }

        return null;
    }

    private async Task<AuthenticationHeaderValue?> AnswerChallengeAsync(
        RegistryTarget target,
        string? scope,
        IReadOnlyList<AuthChallenge> challenges,
        HttpRequestMessage original,
        CancellationToken cancellationToken)
    {
        if (challenges.FirstOrDefault(c => c.IsBearer) is { } bearer)
        {
            var token = await FetchTokenAsync(target, scope, bearer, original, cancellationToken).ConfigureAwait(false);
            return new AuthenticationHeaderValue("Bearer", token);
        }

        if (challenges.Any(c => c.IsBasic) && target.Credentials is { } credentials)
        {
            lock (_cacheLock)
            {
                _basicHosts.Add(target.Host);
            }

            return BasicAuthorization(credentials);
        }

        return null;
    }

    private async Task<string> FetchTokenAsync(
        RegistryTarget target,
        string? scope,
        AuthChallenge bearer,
        HttpRequestMessage original,
        CancellationToken cancellationToken)
    {
        var what = $"{GoMethod(original.Method)} \"{original.RequestUri}\"";
        if (!Uri.TryCreate(bearer["realm"], UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw new EngineException(ErrorKind.Unauthorized, $"{what}: registry {target.Host} sent a Bearer challenge without a usable realm");
        }

        var effectiveScope = scope ?? bearer["scope"];
        var query = new StringBuilder(realm.Query.Length > 0 ? realm.Query[1..] : "");
        if (bearer["service"] is { } service)
        {
            AppendQuery(query, "service", service);
        }

        if (!string.IsNullOrEmpty(effectiveScope))
        {
            AppendQuery(query, "scope", effectiveScope);
        }

        var tokenUri = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, tokenUri);
        if (target.Credentials is { } credentials)
        {
            // The realm is named by the registry, so it may be another host; credentials go there only over TLS
            // unless the realm is loopback or explicitly insecure.
            var realmHost = tokenUri.IsDefaultPort ? tokenUri.Host : $"{tokenUri.Host}:{tokenUri.Port}";
            if (tokenUri.Scheme == Uri.UriSchemeHttp && !RegistryEndpoint.IsInsecure(realmHost, _options.InsecureHosts))
            {
                throw new EngineException(ErrorKind.Unauthorized, $"{what}: refusing to send credentials to token realm {tokenUri.GetLeftPart(UriPartial.Path)} over plain HTTP");
            }

            request.Headers.Authorization = BasicAuthorization(credentials);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw TransportError(request, e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new EngineException(ErrorKind.Unauthorized, $"{what}: {error.Text ?? "unauthorized: authentication required"}");
                }

                throw new EngineException(ErrorKind.Unavailable, $"{what}: token request to {tokenUri.GetLeftPart(UriPartial.Path)} failed: {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var body = await ReadLimitedAsync(response.Content, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
            TokenResponse? parsed = null;
            try
            {
                parsed = body is null ? null : JsonSerializer.Deserialize(body, DistributionJsonContext.Default.TokenResponse);
            }
            catch (JsonException)
            {
                // Reported below as a missing token.
            }

            var token = !string.IsNullOrEmpty(parsed?.Token) ? parsed.Token : parsed?.AccessToken;
            if (string.IsNullOrEmpty(token))
            {
                throw new EngineException(ErrorKind.Unauthorized, $"{what}: token server {tokenUri.GetLeftPart(UriPartial.Path)} returned no token");
            }

            // The token spec's default lifetime is 60 seconds; renew a little early so a token does not expire in flight.
            var lifetime = TimeSpan.FromSeconds(parsed!.ExpiresIn is > 0 ? parsed.ExpiresIn.Value : 60);
            var margin = TimeSpan.FromSeconds(Math.Min(10, lifetime.TotalSeconds / 4));
            lock (_cacheLock)
            {
                _tokens[(target.Host, scope ?? "")] = (token, _options.TimeProvider.GetUtcNow() + lifetime - margin);
            }

            return token;
        }
    }

    private static void AppendQuery(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static AuthenticationHeaderValue BasicAuthorization((string User, string Password) credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}")));

    private static bool IsRegistryHost(RegistryTarget target, Uri? uri) =>
        uri is not null
        && string.Equals(uri.Scheme, target.BaseUri.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, target.BaseUri.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == target.BaseUri.Port;

    /// <summary>
    /// Follows redirects by hand. Authorization is only ever attached to requests for the registry host itself:
    /// blob GETs are commonly redirected to storage on another host, which must not see the registry's credentials.
    /// </summary>
    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(
        RegistryTarget target,
        HttpRequestMessage request,
        HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        var authorization = request.Headers.Authorization;
        var current = request;
        for (var hop = 0; ; hop++)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(current, completion, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                // Our own request content (a short upload source) fails inside the handler; surface that, not a transport error.
                throw FindInner<EngineException>(e) ?? TransportError(current, e);
            }

            if (!IsRedirect(response.StatusCode) || response.Headers.Location is null
                || (current.Method != HttpMethod.Get && current.Method != HttpMethod.Head))
            {
                return response;
            }

            var next = new Uri(current.RequestUri!, response.Headers.Location);
            response.Dispose();
            if (hop >= MaxRedirects)
            {
                throw new EngineException(ErrorKind.Unavailable, $"{GoMethod(current.Method)} \"{request.RequestUri}\": stopped after {MaxRedirects} redirects");
            }

            if (next.Scheme != Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttp)
            {
                throw new EngineException(ErrorKind.Unavailable, $"{GoMethod(current.Method)} \"{request.RequestUri}\": refusing redirect to {next.Scheme} URL");
            }

            if (current.RequestUri!.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
            {
                throw new EngineException(ErrorKind.Unavailable, $"{GoMethod(current.Method)} \"{request.RequestUri}\": refusing redirect from HTTPS to plain HTTP ({next.GetLeftPart(UriPartial.Path)})");
            }

            var forward = new HttpRequestMessage(current.Method, next);
            foreach (var header in current.Headers)
            {
                if (!string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase))
                {
                    forward.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            if (IsRegistryHost(target, next))
            {
                forward.Headers.Authorization = authorization;
            }

            current = forward;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>Go renders methods as "Get", "Head"...; Docker users know the errors in that form.</summary>
    private static string GoMethod(HttpMethod method) =>
        method.Method.Length == 0 ? "" : method.Method[0] + method.Method[1..].ToLowerInvariant();

    internal static EngineException TransportError(HttpRequestMessage request, HttpRequestException e)
    {
        var uri = request.RequestUri!;
        var endpoint = $"{uri.Host}:{uri.Port}";
        var prefix = $"{GoMethod(request.Method)} \"{uri}\"";
        var socket = FindInner<SocketException>(e);
        var message = e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"{prefix}: dial tcp: lookup {uri.Host}: no such host",
            HttpRequestError.ConnectionError when socket?.SocketErrorCode == SocketError.ConnectionRefused =>
                $"{prefix}: dial tcp {endpoint}: connect: connection refused",
            HttpRequestError.ConnectionError => $"{prefix}: dial tcp {endpoint}: {socket?.Message ?? e.Message}",
            HttpRequestError.SecureConnectionError =>
                $"{prefix}: TLS handshake with {endpoint} failed ({e.InnerException?.Message ?? e.Message}); if this registry serves plain HTTP, list {endpoint} as an insecure registry",
            _ when socket?.SocketErrorCode == SocketError.ConnectionRefused => $"{prefix}: dial tcp {endpoint}: connect: connection refused",
            _ => $"{prefix}: {Innermost(e).Message}",
        };
        return new EngineException(ErrorKind.Unavailable, message, e);
    }

    /// <summary>"An error occurred while sending the request" says nothing; the innermost cause names the problem.</summary>
    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static T? FindInner<T>(Exception e)
        where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    // ---------------------------------------------------------------- errors

    private sealed record ErrorInfo(string? Code, string? Text);

    private static async Task<ErrorInfo> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[]? body = null;
        try
        {
            body = await ReadLimitedAsync(response.Content, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The status alone still says what went wrong.
        }
        catch (HttpRequestException)
        {
        }

        if (body is { Length: > 0 })
        {
            try
            {
                var parsed = JsonSerializer.Deserialize(body, DistributionJsonContext.Default.RegistryErrorResponse);
                if (parsed?.Errors is [var first, ..])
                {
                    return new ErrorInfo(first.Code?.ToUpperInvariant(), first.ToString());
                }

                if (!string.IsNullOrEmpty(parsed?.Details))
                {
                    return new ErrorInfo(null, $"unauthorized: {parsed.Details}");
                }
            }
            catch (JsonException)
            {
                // Not a registry error document (an HTML error page from a proxy, say).
            }
        }

        return new ErrorInfo(null, null);
    }

    private static async Task<EngineException> ErrorAsync(HttpResponseMessage response, Operation operation, ImageReference reference, CancellationToken cancellationToken)
    {
        var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var status = response.StatusCode;
        var notFound = error.Code is "MANIFEST_UNKNOWN" or "NAME_UNKNOWN" or "BLOB_UNKNOWN"
            || (error.Code is null && status == HttpStatusCode.NotFound);
        var denied = error.Code is "UNAUTHORIZED" or "DENIED"
            || (error.Code is null && status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);

        if (notFound)
        {
            var text = error.Text ?? (operation == Operation.PullManifest ? "manifest unknown" : "not found");
            return operation switch
            {
                Operation.PullManifest => new EngineException(ErrorKind.NotFound, $"manifest for {reference.FamiliarString()} not found: {text}"),
                Operation.PullBlob => new EngineException(ErrorKind.NotFound, $"blob {reference.Digest} not found in {reference.FamiliarName}: {text}"),
                _ => new EngineException(ErrorKind.NotFound, text),
            };
        }

        if (denied)
        {
            var text = error.Text ?? (status == HttpStatusCode.Forbidden ? "denied: requested access to the resource is denied" : "unauthorized: authentication required");
            return operation == Operation.Push
                ? new EngineException(ErrorKind.Unauthorized, text)
                : new EngineException(ErrorKind.Unauthorized, $"pull access denied for {reference.FamiliarName}, repository does not exist or may require 'docker login': {text}");
        }

        var uri = response.RequestMessage?.RequestUri;
        var method = response.RequestMessage is { } request ? GoMethod(request.Method) : "Get";
        var detail = error.Text ?? $"received unexpected HTTP status: {(int)status} {response.ReasonPhrase}";
        var kind = status switch
        {
            HttpStatusCode.TooManyRequests => ErrorKind.Unavailable,
            >= HttpStatusCode.InternalServerError => ErrorKind.Unavailable,
            HttpStatusCode.BadRequest => ErrorKind.InvalidArgument,
            _ => ErrorKind.Unknown,
        };
        return new EngineException(kind, uri is null ? detail : $"{method} \"{uri}\": {detail}");
    }

    /// <summary>Reads a whole body, or returns null once it exceeds <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            while (true)
            {
                var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.ToArray();
                }

                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
    }
}
