using System.Net;
using System.Net.Http.Headers;
using Cais.Common;
using Cais.Oci.Image;

namespace Cais.Distribution;

// Blobs: open for reading with resume (BlobStream issues the Range requests), existence checks, monolithic upload.
public sealed partial class RegistryClient
{
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
}
