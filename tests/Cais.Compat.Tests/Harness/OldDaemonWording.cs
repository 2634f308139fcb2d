using System.Text.RegularExpressions;

namespace Cais.Compat.Tests.Harness;

/// <summary>
/// Daemon error messages that dockerd 20.10 words differently from Docker 28's daemon (moby 25 lowercased its error
/// strings), rewritten on Docker's side only, to Docker 28's words: a difference caused by the old reference daemon,
/// not by Cais. Add a rule only with the wording read in Docker 28's sources.
/// </summary>
public static partial class OldDaemonWording
{
    public static string Apply(string stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        stderr = InvalidFilter().Replace(stderr, "invalid filter '");
        stderr = InvalidSignal().Replace(stderr, "invalid signal: ");
        return CannotKill().Replace(stderr, "cannot kill container: $1: container $2 is not running");
    }

    [GeneratedRegex(@"(?<=daemon: )Invalid filter '")]
    private static partial Regex InvalidFilter();

    [GeneratedRegex(@"(?<=daemon: )Invalid signal: ")]
    private static partial Regex InvalidSignal();

    [GeneratedRegex(@"Cannot kill container: ([^:\n]+): Container (\S+) is not running")]
    private static partial Regex CannotKill();
}
