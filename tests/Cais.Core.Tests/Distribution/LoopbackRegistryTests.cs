using System.Net;
using System.Net.Sockets;
using System.Text;
using Cais.Common;
using Cais.Distribution;
using Cais.Oci.Image;

namespace Cais.Core.Tests.Distribution;

/// <summary>
/// The client over real sockets against a tiny registry on 127.0.0.1: checks what a fake handler cannot,
/// such as how SocketsHttpHandler reports a connection dropped mid-body.
/// </summary>
public sealed class LoopbackRegistryTests
{
    private static HttpListener Start(out int port)
    {
        while (true)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return listener;
            }
            catch (HttpListenerException)
            {
                listener.Close();
            }
        }
    }

    [Fact]
    public async Task Basic_auth_and_a_dropped_blob_body_over_real_http()
    {
        var blob = new byte[200_000];
        new Random(7).NextBytes(blob);
        var digest = Digest.Compute(blob);
        using var listener = Start(out var port);
        var ranges = new List<string?>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var server = Task.Run(async () =>
        {
            var blobRequests = 0;
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync().WaitAsync(stop.Token);
                }
                catch (Exception) when (stop.IsCancellationRequested || !listener.IsListening)
                {
                    return;
                }

                var request = context.Request;
                var response = context.Response;
                if (request.Headers["Authorization"] != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:p")))
                {
                    response.StatusCode = 401;
                    response.AddHeader("WWW-Authenticate", "Basic realm=\"test\"");
                    response.Close();
                    continue;
                }

                if (request.Url!.AbsolutePath == $"/v2/app/blobs/{digest}")
                {
                    blobRequests++;
                    var range = request.Headers["Range"];
                    ranges.Add(range);
                    if (blobRequests == 1)
                    {
                        // Promise the whole blob, send part of it, then drop the connection.
                        response.ContentLength64 = blob.Length;
                        await response.OutputStream.WriteAsync(blob.AsMemory(0, 70_000));
                        await response.OutputStream.FlushAsync();
                        response.Abort();
                        continue;
                    }

                    var from = range is null ? 0 : int.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
                    response.StatusCode = 206;
                    response.AddHeader("Content-Range", $"bytes {from}-{blob.Length - 1}/{blob.Length}");
                    response.ContentLength64 = blob.Length - from;
                    await response.OutputStream.WriteAsync(blob.AsMemory(from));
                    response.Close();
                    continue;
                }

                response.StatusCode = 404;
                response.Close();
            }
        });

        using (var client = new RegistryClient(new RegistryClientOptions
        {
            CredentialLookup = host => host == $"127.0.0.1:{port}" ? ("u", "p") : null,
            BlobResumeBackoff = TimeSpan.FromMilliseconds(10),
        }))
        {
            var descriptor = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest.ToString(), Size = blob.Length };
            await using var stream = await client.OpenBlobAsync(ImageReference.Parse($"127.0.0.1:{port}/app"), descriptor, 0, CancellationToken.None);
            Assert.Equal(digest, await Digest.ComputeAsync(stream, CancellationToken.None));
            Assert.Equal(1, ((BlobStream)stream).RetryCount);

            var missing = await Assert.ThrowsAsync<EngineException>(() =>
                client.GetManifestAsync(ImageReference.Parse($"127.0.0.1:{port}/app"), "nope", CancellationToken.None));
            Assert.Equal(ErrorKind.NotFound, missing.Kind);
        }

        await stop.CancelAsync();
        listener.Stop();
        await server;
        Assert.Null(ranges[0]);
        Assert.StartsWith("bytes=", ranges[1], StringComparison.Ordinal);
        Assert.NotEqual("bytes=0-", ranges[1]);
    }
}
