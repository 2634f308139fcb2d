using Cais.Cli.CommandLine;
using Cais.Hosting;

namespace Cais.Cli.Commands;

/// <summary>
/// Where commands write and which engine they talk to: the process's console and the real engine, or, in tests,
/// string writers and fakes of the service interfaces (<see cref="Use"/>).
/// </summary>
public sealed record CommandEnvironment(TextWriter Out, TextWriter Error, Func<ParsedCommand, IEngineServices> Connect)
{
    private static readonly AsyncLocal<CommandEnvironment?> s_current = new();

    /// <summary>The process's console (as it is now), and an engine built from the global flags on first use.</summary>
    public static CommandEnvironment Console => new(System.Console.Out, System.Console.Error, parsed => new EngineOnFirstUse(EngineSetup.OptionsFrom(parsed)));

    public static CommandEnvironment Current => s_current.Value ?? Console;

    /// <summary>Whether standard input is a terminal (tests say so without one).</summary>
    public Func<bool> InputIsTerminal { get; init; } = () => Cais.Linux.Terminal.IsTerminal(0);

    /// <summary>Runs the commands started in this async flow in <paramref name="environment"/> until disposed.</summary>
    public static IDisposable Use(CommandEnvironment environment)
    {
        var previous = s_current.Value;
        s_current.Value = environment;
        return new Restore(previous);
    }

    private sealed class Restore(CommandEnvironment? previous) : IDisposable
    {
        public void Dispose() => s_current.Value = previous;
    }
}
