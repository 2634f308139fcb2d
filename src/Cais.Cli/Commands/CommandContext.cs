using Cais.Cli.CommandLine;
using Cais.Containers;
using Cais.Distribution;
using Cais.Hosting;
using Cais.Images;
using Cais.Network;

namespace Cais.Cli.Commands;

/// <summary>
/// What a command handler gets: its parsed arguments, the output writers, the error printer and the engine's service
/// interfaces (connected on first use).
/// </summary>
public sealed class CommandContext(ParsedCommand parsed, TextWriter stdout, TextWriter stderr, Func<IEngineServices> connect, ErrorPrinter errors) : IDisposable
{
    private IEngineServices? _services;

    public ParsedCommand Args { get; } = parsed;

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    /// <summary>Prints failures in Docker's words; multi-target commands report each failed target through it.</summary>
    public ErrorPrinter Errors { get; } = errors;

    public IContainerService Containers => Services.Containers;

    public IImageService Images => Services.Images;

    public INetworkService Networks => Services.Networks;

    public IRegistryService Registries => Services.Registries;

    public ISystemService System => Services.System;

    private IEngineServices Services => _services ??= connect();

    public void Dispose() => (_services as IDisposable)?.Dispose();
}
