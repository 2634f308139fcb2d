using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands;

/// <summary>
/// Adapts a command body to the parser's handler shape: gives it a <see cref="CommandContext"/> in the current
/// <see cref="CommandEnvironment"/>, and leaves whatever ends it in failure to the <see cref="ErrorPrinter"/>
/// (<c>failureCode</c>: 1 for most commands, 125 for run/create, as Docker does).
/// </summary>
public static class Handler
{
    public static Func<ParsedCommand, CancellationToken, Task<int>> Of(Func<CommandContext, CancellationToken, Task<int>> body, int failureCode = 1) =>
        async (parsed, cancellationToken) =>
        {
            var environment = CommandEnvironment.Current;
            if (GlobalFlags.Problem(parsed) is { } problem)
            {
                await environment.Error.WriteLineAsync(problem).ConfigureAwait(false);
                return 1;
            }

            var errors = ErrorPrinter.For(parsed, environment.Error, failureCode);
            LastResort.Arm(errors.Prefix, failureCode);
            using var context = new CommandContext(parsed, environment.Out, environment.Error, () => environment.Connect(parsed), errors);
            try
            {
                return await body(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return await errors.ReportAsync(e).ConfigureAwait(false);
            }
        };
}
