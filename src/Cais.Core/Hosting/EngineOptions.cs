using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cais.Hosting;

/// <summary>Everything that configures one engine instance; the CLI fills it from flags and the environment.</summary>
public sealed record EngineOptions
{
    public required EnginePaths Paths { get; init; }

    /// <summary>Registries reached over plain HTTP besides loopback ones (CAIS_INSECURE_REGISTRIES, comma separated).</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

    /// <summary>"overlay", "vfs" or null to probe (CAIS_STORAGE_DRIVER). Only consulted for a new state root.</summary>
    public string? StorageDriver { get; init; }

    /// <summary>The cais command line conmon runs after a container exits (null: no exit command).</summary>
    public IReadOnlyList<string>? ExitCommandPrefix { get; init; }

    /// <summary>Docker's config.json holding registry credentials (null: $DOCKER_CONFIG or ~/.docker).</summary>
    public string? DockerConfigPath { get; init; }

    public string RuntimePath { get; init; } = "/usr/sbin/runc";

    public string ConmonPath { get; init; } = "/usr/bin/conmon";

    /// <summary>
    /// Where the modules' log lines go, one category per module ("Cais.Images", "Cais.Runtime"...). Off by default:
    /// the CLI passes a stderr logger only for -D or --log-level, the API service will pass its own.
    /// </summary>
    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;
}
