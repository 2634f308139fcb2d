using Cais.Oci.Image;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cais.Distribution;

/// <summary>How a <see cref="RegistryClient"/> reaches registries and whom it authenticates as.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Registries reached over plain HTTP: "host[:port]" (no port = every port) or a CIDR. Loopback is always insecure.</summary>
    public IReadOnlyCollection<string> InsecureHosts { get; init; } = [];

    /// <summary>
    /// Credentials for a registry, keyed by the reference's registry name ("docker.io", "127.0.0.1:5000").
    /// They are sent only to that registry's host and to the token realm it names.
    /// </summary>
    public Func<string, (string User, string Password)?>? CredentialLookup { get; init; }

    /// <summary>For tests: replaces the socket handler. The client never disposes it.</summary>
    public HttpMessageHandler? Handler { get; init; }

    public string UserAgent { get; init; } = "cais/0.1";

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for a whole small request (manifest, token, HEAD, upload start), headers and body.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a blob body may stall before the read is treated as broken and resumed.</summary>
    public TimeSpan BlobReadIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How many times a broken blob body is re-requested from where it stopped.</summary>
    public int BlobResumeAttempts { get; init; } = 5;

    /// <summary>Backoff before resume attempt n is n times this.</summary>
    public TimeSpan BlobResumeBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Called before each blob resume with the descriptor, the byte offset resumed from, the attempt number and the failure.</summary>
    public Action<Descriptor, long, int, Exception>? OnBlobResume { get; init; }

    /// <summary>Clock for token expiry (tests substitute one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where this module's debug lines go (off by default; the CLI turns it on with -D or --log-level).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
