using System.Diagnostics;
using System.Net;
using Cais.Common;

namespace Cais.Distribution;

// Endpoints and transport: which base URI a repository is served from, per-request timeouts, redirects followed by
// hand (credentials never leave the registry host), bounded body reads.
public sealed partial class RegistryClient
{
    private sealed record RegistryTarget(string Host, Uri BaseUri, (string User, string Password)? Credentials);

    private RegistryTarget Target(ImageReference repo) =>
        new(repo.RegistryHost, RegistryEndpoint.BaseUri(repo.RegistryHost, _options.InsecureHosts), _options.CredentialLookup?.Invoke(repo.Domain));

    private CancellationTokenSource StartTimeout(CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_options.RequestTimeout);
        return cts;
    }

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
            var sent = Stopwatch.GetTimestamp();
            try
            {
                response = await _http.SendAsync(current, completion, cancellationToken).ConfigureAwait(false);
                Log.Request(_options.Logger, current.Method, current.RequestUri!, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
            catch (HttpRequestException e)
            {
                Log.RequestFailed(_options.Logger, current.Method, current.RequestUri!, e.Message);
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
