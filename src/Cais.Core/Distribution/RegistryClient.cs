using System.Net;

namespace Cais.Distribution;

/// <summary>
/// A client for the OCI distribution API (Docker registry v2): manifests, blobs, uploads, with the
/// anonymous-then-challenge authentication flow. One instance can serve many registries; tokens are cached per host and scope.
/// </summary>
public sealed partial class RegistryClient : IDisposable
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
}
