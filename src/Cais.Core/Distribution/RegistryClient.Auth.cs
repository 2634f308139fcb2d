using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cais.Common;

namespace Cais.Distribution;

// Authentication: the anonymous-then-challenge flow, Bearer tokens cached per host and scope, Basic, login checks.
public sealed partial class RegistryClient
{
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

    private static string PullScope(ImageReference repo) => $"repository:{repo.Path}:pull";

    private static string PushScope(ImageReference repo) => $"repository:{repo.Path}:pull,push";

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

            Log.TokenFetched(_options.Logger, target.Host, scope ?? "", realm, lifetime.TotalSeconds);

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
}
