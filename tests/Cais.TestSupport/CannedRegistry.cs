using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cais.TestSupport;

/// <summary>
/// A loopback "registry" that serves exactly the bytes a test chose for each path, however wrong: JSON that is not
/// JSON, fields of the wrong type, lying descriptors, wrong media types, truncated blobs. A real registry validates
/// what it is given, so hostile content can only be served by a fixture like this one. Plain HTTP/1.1, one request
/// per connection; GET and HEAD; the Range header is ignored (the full canned body is sent with 200); any other path
/// answers 404 with the distribution spec's error body.
/// </summary>
public sealed class CannedRegistry : IAsyncDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, CannedResponse> _responses = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;

    private CannedRegistry(TcpListener listener)
    {
        _listener = listener;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>"127.0.0.1:PORT".</summary>
    public string Host => "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

    public static CannedRegistry Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new CannedRegistry(listener);
    }

    /// <summary>Serves <paramref name="response"/> for the exact request path (e.g. "/v2/repo/manifests/tag").</summary>
    public void Serve(string path, CannedResponse response) => _responses[path] = response;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(_connections).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _connections.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (method, path) = await ReadRequestAsync(stream);
                var response = path == "/v2/" ? CannedResponse.Json("{}") : _responses.GetValueOrDefault(path) ?? NotFound();
                var body = response.Body;
                var length = response.ContentLength ?? body.Length;
                var head = new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {(response.Status == 200 ? "OK" : "Error")}\r\n")
                    .Append(CultureInfo.InvariantCulture, $"Content-Length: {length}\r\n")
                    .Append(response.ContentType is null ? "" : $"Content-Type: {response.ContentType}\r\n")
                    .Append("Docker-Distribution-API-Version: registry/2.0\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                if (method != "HEAD")
                {
                    await stream.WriteAsync(body, _stop.Token);
                }

                await stream.FlushAsync(_stop.Token);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away (e.g. it refused a body after its headers): nothing to serve.
            }
        }
    }

    private async Task<(string Method, string Path)> ReadRequestAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var buffer = new byte[4096];
        while (!EndsWithBlankLine(head))
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0 || head.Count + read > MaxHeadBytes)
            {
                throw new IOException("incomplete request head");
            }

            head.AddRange(buffer.AsSpan(0, read));
        }

        var requestLine = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n")[0].Split(' ');
        var target = requestLine.Length > 1 ? requestLine[1] : "/";
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return (requestLine[0], query < 0 ? target : target[..query]);
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';

    private static CannedResponse NotFound() =>
        new(404, "application/json", """{"errors":[{"code":"NOT_FOUND","message":"not found"}]}"""u8.ToArray());
}
