using System.Net;
using System.Net.Http.Headers;

namespace Cais.TestSupport;

/// <summary>
/// An in-process registry serving one image whose blobs <see cref="OciImageBuilder.WriteBlobsAsync"/> wrote: any tag
/// names its top manifest, and every blob is served by digest. Nothing touches the network; hand it to a
/// RegistryClient as its Handler to pull the image through the real puller.
/// </summary>
public sealed class BlobDirectoryRegistryHandler(string blobDirectory, BuiltImage image) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.RequestUri!.AbsolutePath;
        var response = new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
        if (path.TrimEnd('/') == "/v2")
        {
            response.StatusCode = HttpStatusCode.OK;
            response.Content = new StringContent("{}");
            return response;
        }

        var manifestAt = path.IndexOf("/manifests/", StringComparison.Ordinal);
        var blobAt = path.IndexOf("/blobs/", StringComparison.Ordinal);
        string? digest = null;
        string mediaType = "application/octet-stream";
        if (manifestAt >= 0)
        {
            var reference = path[(manifestAt + "/manifests/".Length)..];
            digest = reference.StartsWith("sha256:", StringComparison.Ordinal) ? reference : image.Digest.ToString();
            mediaType = digest == image.Digest.ToString() ? image.MediaType : image.Manifests.FirstOrDefault(m => m.Digest.ToString() == digest)?.MediaType ?? mediaType;
        }
        else if (blobAt >= 0)
        {
            digest = path[(blobAt + "/blobs/".Length)..];
        }

        var file = digest is null ? null : Path.Combine(blobDirectory, digest["sha256:".Length..]);
        if (file is null || !File.Exists(file))
        {
            return response;
        }

        var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        response.StatusCode = HttpStatusCode.OK;
        response.Content = new ByteArrayContent(request.Method == HttpMethod.Head ? [] : bytes);
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        response.Content.Headers.ContentLength = bytes.Length;
        response.Headers.Add("Docker-Content-Digest", digest);
        return response;
    }
}
