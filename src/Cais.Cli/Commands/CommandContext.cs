using Cais.Cli.CommandLine;
using Cais.Hosting;

namespace Cais.Cli.Commands;

/// <summary>What a command handler gets: its parsed arguments, the output writers and the engine (built on first use).</summary>
public sealed class CommandContext(ParsedCommand parsed, TextWriter stdout, TextWriter stderr) : IDisposable
{
    private Engine? _engine;

    public ParsedCommand Args { get; } = parsed;

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    public Engine Engine => _engine ??= new Engine(EngineSetup.OptionsFrom(Args));

    public void Dispose() => _engine?.Dispose();
}
