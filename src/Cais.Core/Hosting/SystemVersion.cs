namespace Cais.Hosting;

/// <summary>The engine's version facts, named after the fields of Docker's /version.</summary>
public sealed record SystemVersion
{
    public const string Current = "0.1.0";

    public required string Version { get; init; }

    /// <summary>The Docker Engine API version the coming API service will speak.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>What Docker reports as GoVersion: the runtime the binary is built on.</summary>
    public required string PlatformRuntime { get; init; }

    public required string Os { get; init; }

    public required string Arch { get; init; }

    /// <summary>How front doors reach the engine ("daemonless (in-process)" for the CLI).</summary>
    public required string Mode { get; init; }

    /// <summary>The OCI runtime and its monitor.</summary>
    public required string Runtime { get; init; }
}
