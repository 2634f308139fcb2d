using System.Globalization;
using System.Text;
using Cais.Compat.Tests.Fixture;

namespace Cais.Compat.Tests.Harness;

/// <summary>
/// Runs a case on Docker's side, then on Cais's, and fails with a readable report when the exit code, the normalised
/// stdout or the normalised stderr differ. A side is cleaned after a case, except that a read-only command (ps, inspect,
/// logs, ...) leaves its setup standing for the next case with the same setup: most listing cases then cost one command
/// per side, not two container starts. Setups that fix a subnet are never left standing (the other engine's run of the
/// same case would clash with it); host ports do not clash because each side has its own {PORT}.
/// </summary>
public sealed class CaseRunner(CompatEnvironment environment)
{
    private static readonly string[] ReadOnlyVerbs =
    [
        "ps", "inspect", "images", "logs", "port", "version", "container ls", "container inspect", "container port",
        "image ls", "image inspect", "network ls", "network inspect",
    ];

    public async Task AssertSameAsync(CompatCase compatCase)
    {
        ArgumentNullException.ThrowIfNull(compatCase);
        var docker = compatCase.OldDaemonGap is null ? await RunSideAsync(environment.DockerSide, compatCase, reference: null) : null;
        var cais = await RunSideAsync(environment.CaisSide, compatCase, reference: docker?.SetupExitCodes ?? []);

        var report = new StringBuilder();
        if (cais.SetupProblem is not null)
        {
            report.Append(cais.SetupProblem).Append('\n');
        }
        else
        {
            var reference = docker?.Result ?? compatCase.OldDaemonGap!.Expected;
            Compare(compatCase, reference, docker?.Port ?? "", cais.Result!, cais.Port, report);
        }

        if (report.Length > 0)
        {
            var header = new StringBuilder();
            header.Append(CultureInfo.InvariantCulture, $"`{compatCase.Command}` differs from Docker");
            if (compatCase.OldDaemonGap is { } gap)
            {
                header.Append(CultureInfo.InvariantCulture, $" (reference written in the case: {gap.Why})");
            }

            header.Append('\n');
            foreach (var step in compatCase.Setup)
            {
                header.Append("  given: ").Append(step).Append('\n');
            }

            Assert.Fail(header.Append(report).ToString());
        }
    }

    private void Compare(CompatCase compatCase, CommandResult docker, string dockerPort, CommandResult cais, string caisPort, StringBuilder report)
    {
        var normaliser = environment.Normaliser;
        if (docker.ExitCode != cais.ExitCode)
        {
            report.Append(CultureInfo.InvariantCulture, $"exit code: docker {docker.ExitCode}, cais {cais.ExitCode}\n");
        }

        var dockerOut = normaliser.Stdout(docker.Stdout, compatCase, dockerPort);
        var caisOut = normaliser.Stdout(cais.Stdout, compatCase, caisPort);
        if (dockerOut != caisOut)
        {
            report.Append("stdout (- docker, + cais):\n").Append(LineDiff.Render(dockerOut, caisOut));
        }

        var dockerErr = normaliser.Stderr(compatCase.OldDaemonGap is null ? OldDaemonWording.Apply(docker.Stderr) : docker.Stderr, compatCase, dockerPort);
        var caisErr = normaliser.Stderr(cais.Stderr, compatCase, caisPort);
        if (dockerErr != caisErr)
        {
            report.Append("stderr (- docker, + cais):\n").Append(LineDiff.Render(dockerErr, caisErr));
        }
    }

    /// <param name="reference">
    /// null on Docker's side; on Cais's, the exit codes Docker's setup steps ended with (a setup may leave an exited
    /// container behind: `run --name x IMG sh -c 'exit 2'`), which Cais's must match (0 where Docker ran none).
    /// </param>
    private async Task<SideOutcome> RunSideAsync(Side side, CompatCase compatCase, IReadOnlyList<int>? reference)
    {
        var readOnly = IsReadOnly(compatCase.Command);
        var standing = readOnly && compatCase.Setup.Count > 0 && !compatCase.Setup.Any(s => s.Contains("--subnet", StringComparison.Ordinal))
            ? string.Join('\n', compatCase.Setup)
            : null;
        var keep = false;
        var setupExitCodes = new List<int>();
        try
        {
            if (standing is null || side.StandingSetup != standing)
            {
                await CleanAsync(side);
                side.PickNewPort();
                side.Dirty = compatCase.Setup.Count > 0 || !readOnly;
                for (var i = 0; i < compatCase.Setup.Count; i++)
                {
                    var step = compatCase.Setup[i];
                    var result = await side.Runner.RunAsync(CommandLine.Split(Expand(step, side)), null, TimeSpan.FromSeconds(60));
                    setupExitCodes.Add(result.ExitCode);
                    if (reference is null && result.ExitCode >= 125)
                    {
                        Assert.Fail($"setup `{step}` failed on docker (the case is wrong): {result}");
                    }

                    var expected = reference is not null && i < reference.Count ? reference[i] : 0;
                    if (reference is not null && result.ExitCode != expected)
                    {
                        return new SideOutcome(null, $"setup `{step}` exited {result.ExitCode} on cais, {expected} on docker: {result}", side.Port, setupExitCodes);
                    }
                }
            }
            else
            {
                setupExitCodes.AddRange(side.StandingSetupExitCodes);
            }

            var arguments = CommandLine.Split(Expand(compatCase.Command, side));
            var outcome = new SideOutcome(await side.Runner.RunAsync(arguments, compatCase.Stdin, compatCase.Timeout), null, side.Port, setupExitCodes);
            keep = standing is not null;
            return outcome;
        }
        finally
        {
            if (keep)
            {
                side.StandingSetup = standing;
                side.StandingSetupExitCodes = setupExitCodes;
            }
            else
            {
                await CleanAsync(side);
            }
        }
    }

    private async Task CleanAsync(Side side)
    {
        if (side.Dirty)
        {
            await SideCleaner.CleanAsync(side.Runner, environment.Image, removeBaseImage: false);
        }

        side.Dirty = false;
        side.StandingSetup = null;
    }

    private static bool IsReadOnly(string command) =>
        ReadOnlyVerbs.Any(v => command.StartsWith(v + " ", StringComparison.Ordinal) || command == v);

    private string Expand(string text, Side side)
    {
        var placeholders = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["{IMG}"] = environment.Image,
            ["{REG}"] = environment.Registry.Host,
            ["{C}"] = "compat-c1",
            ["{C2}"] = "compat-c2",
            ["{N}"] = "compat-n1",
            ["{N2}"] = "compat-n2",
            ["{PORT}"] = side.Port,
            ["{DIR}"] = environment.BindSource,
            ["{ENVFILE}"] = environment.EnvFile,
        };
        return placeholders.Aggregate(text, (current, p) => current.Replace(p.Key, p.Value, StringComparison.Ordinal));
    }

    private sealed record SideOutcome(CommandResult? Result, string? SetupProblem, string Port, IReadOnlyList<int> SetupExitCodes);
}
