using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Cais.Common;

namespace Cais.Distribution;

// Errors: registry error documents, timeouts and transport failures mapped to an ErrorKind in Docker's wording.
public sealed partial class RegistryClient
{
    private enum Operation
    {
        PullManifest,
        PullBlob,
        Push,
    }

    private static EngineException TimedOut(string method, Uri uri, Exception inner) =>
        new(ErrorKind.Unavailable, $"{method} \"{uri}\": request timed out (registry {uri.Host}:{uri.Port} did not answer in time)", inner);

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
}
