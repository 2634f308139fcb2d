using System.Reflection;

namespace Cais.Common;

/// <summary>Facts about this build of Cais: its version, the commit it was built from, when the binary was made.</summary>
public static class EngineBuild
{
    public const string Version = "0.1.0";

    /// <summary>The Docker Engine API version the engine's results are shaped after (Docker 28).</summary>
    public const string ApiVersion = "1.50";

    /// <summary>The oldest API version the coming API service will accept (Docker 28's).</summary>
    public const string MinApiVersion = "1.24";

    /// <summary>
    /// The abbreviated commit (7 hex digits, as Docker shows it) the SDK stamps after '+' in the informational
    /// version when building from a git checkout; empty when built elsewhere.
    /// </summary>
    public static string GitCommit { get; } = ReadGitCommit();

    /// <summary>When the running binary was written (its modification time), in UTC; null when it cannot be told.</summary>
    public static DateTimeOffset? BuildTime()
    {
        try
        {
            return Environment.ProcessPath is { } path && File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Docker's daemon writes BuildTime in RFC 3339 with nanoseconds.</summary>
    public static string? BuildTimeText() => BuildTime() is { } time ? GoTime.Format(time) : null;

    private static string ReadGitCommit()
    {
        var informational = typeof(EngineBuild).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = informational?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        if (plus < 0)
        {
            return "";
        }

        var commit = informational![(plus + 1)..];
        return commit.Length > 7 ? commit[..7] : commit;
    }
}
