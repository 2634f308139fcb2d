using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Cais.TestSupport;

/// <summary>
/// A real distribution (docker-registry v2) server on 127.0.0.1, with its own storage and config in a temp
/// directory. Tests talk to a real registry so our client is checked against the protocol as actually served.
/// </summary>
public sealed class TestRegistry : IAsyncDisposable
{
    private const string RegistryBinary = "docker-registry";
    private const int MaxLogChars = 64 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _log;
    private bool _disposed;

    private TestRegistry(Process process, StringBuilder log, string root, int port, TestRegistryOptions options)
    {
        _process = process;
        _log = log;
        RootDirectory = root;
        Port = port;
        Options = options;
    }

    /// <summary>"127.0.0.1:PORT", as used in image references.</summary>
    public string Host => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUri => new($"http://{Host}/");

    /// <summary>The temp directory holding config.yml, htpasswd and storage/.</summary>
    public string RootDirectory { get; }

    /// <summary>The registry's filesystem storage root (docker/registry/v2/... below it).</summary>
    public string StorageDirectory => Path.Combine(RootDirectory, "storage");

    public TestRegistryOptions Options { get; }

    public bool RequiresAuth => Options.Users is { Count: > 0 };

    /// <summary>The first configured user, for tests that need just one login.</summary>
    public KeyValuePair<string, string>? FirstUser => RequiresAuth ? Options.Users!.First() : null;

    public bool IsRunning => !_process.HasExited;

    /// <summary>The registry's process id (for tests inspecting its sockets).</summary>
    public int ProcessId => _process.Id;

    /// <summary>What the registry printed (warnings and errors), for diagnosing failures.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static Task<TestRegistry> StartAsync(CancellationToken cancellationToken) => StartAsync(null, cancellationToken);

    public static async Task<TestRegistry> StartAsync(TestRegistryOptions? options, CancellationToken cancellationToken)
    {
        options ??= new TestRegistryOptions();
        var binary = Requires.FindTool(RegistryBinary)
            ?? throw new InvalidOperationException($"{RegistryBinary} not found on PATH; run scripts/setup.sh");
        var root = Directory.CreateTempSubdirectory("cais-registry-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "storage"));
            string? htpasswd = null;
            if (options.Users is { Count: > 0 })
            {
                htpasswd = Path.Combine(root, "htpasswd");
                await WriteHtpasswdAsync(htpasswd, options.Users, cancellationToken).ConfigureAwait(false);
            }

            // A free port can be taken between probing and binding; a few attempts make that race harmless.
            Exception? last = null;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var port = Ports.Free();
                var config = Path.Combine(root, "config.yml");
                await File.WriteAllTextAsync(config, BuildConfig(root, port, options, htpasswd), cancellationToken).ConfigureAwait(false);
                var registry = Launch(binary, config, root, port, options);
                try
                {
                    await registry.WaitReadyAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
                    return registry;
                }
                catch (RegistryStartException e) when (e.AddressInUse)
                {
                    last = e;
                    await registry.KillAsync().ConfigureAwait(false);
                }
                catch
                {
                    await registry.KillAsync().ConfigureAwait(false);
                    throw;
                }
            }

            throw new InvalidOperationException("docker-registry could not bind a free loopback port", last);
        }
        catch
        {
            TryDeleteDirectory(root);
            throw;
        }
    }

    /// <summary>Kills the registry, as if it went away; the port then refuses connections. Storage is kept.</summary>
    public Task StopAsync() => KillAsync();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
        TryDeleteDirectory(RootDirectory);
    }

    private static string BuildConfig(string root, int port, TestRegistryOptions options, string? htpasswd)
    {
        // Deliberately minimal: no debug/metrics listener (http.debug unset), no notifications, no health
        // checks, no proxy mode. Only 127.0.0.1 is ever listened on.
        var sb = new StringBuilder();
        sb.Append("version: 0.1\n");
        sb.Append("log:\n  level: warn\n  accesslog:\n    disabled: true\n");
        sb.Append("storage:\n");
        sb.Append(CultureInfo.InvariantCulture, $"  filesystem:\n    rootdirectory: {Quote(Path.Combine(root, "storage"))}\n");
        sb.Append("  delete:\n    enabled: true\n");
        sb.Append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
        sb.Append("http:\n");
        sb.Append(CultureInfo.InvariantCulture, $"  addr: 127.0.0.1:{port}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  secret: {Quote(Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)))}\n");
        if (htpasswd is not null)
        {
            sb.Append("auth:\n  htpasswd:\n");
            sb.Append(CultureInfo.InvariantCulture, $"    realm: {Quote(options.Realm)}\n");
            sb.Append(CultureInfo.InvariantCulture, $"    path: {Quote(htpasswd)}\n");
        }

        return sb.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// The registry accepts only bcrypt entries. We use apache2-utils' htpasswd rather than our own bcrypt:
    /// bcrypt needs Blowfish's 4 KiB of constant tables, and a test fixture that re-implements a password hash
    /// could be wrong in ways that make auth tests pass or fail for the wrong reason.
    /// </summary>
    private static async Task WriteHtpasswdAsync(string path, IReadOnlyDictionary<string, string> users, CancellationToken cancellationToken)
    {
        var tool = Requires.FindTool("htpasswd")
            ?? throw new InvalidOperationException("htpasswd (apache2-utils) not found on PATH; run scripts/setup.sh");
        var sb = new StringBuilder();
        foreach (var (user, password) in users)
        {
            if (user.Contains(':', StringComparison.Ordinal) || user.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException($"invalid htpasswd user name \"{user}\"", nameof(users));
            }

            // -C 4: the lowest bcrypt cost keeps each authenticated request fast in tests.
            var result = await ExternalTool.RunCheckedAsync(tool, ["-B", "-C", "4", "-b", "-n", user, password], cancellationToken).ConfigureAwait(false);
            sb.Append(result.Stdout.Trim()).Append('\n');
        }

        await File.WriteAllTextAsync(path, sb.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private static TestRegistry Launch(string binary, string config, string root, int port, TestRegistryOptions options)
    {
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add(config);

        // REGISTRY_* variables override the config file (e.g. REGISTRY_HTTP_ADDR or a debug listener);
        // the test registry must be exactly what config.yml says.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("REGISTRY_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = psi };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                if (log.Length < MaxLogChars)
                {
                    log.Append(e.Data).Append('\n');
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new TestRegistry(process, log, root, port, options);
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                var log = Log;
                throw new RegistryStartException(
                    $"docker-registry exited with {_process.ExitCode} before answering on {Host}: {log}",
                    log.Contains("address already in use", StringComparison.OrdinalIgnoreCase));
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "v2/"), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException or IOException or null)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (deadline.Elapsed > timeout)
            {
                throw new RegistryStartException($"docker-registry did not answer GET /v2/ on {Host} within {timeout}: {Log}", false);
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing left to stop.
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class RegistryStartException(string message, bool addressInUse) : Exception(message)
    {
        public bool AddressInUse { get; } = addressInUse;
    }
}
