using System.Text.RegularExpressions;

namespace Cais.Compat.Tests.Harness;

/// <summary>
/// One comparison: setup commands (run on each side, which must agree on their exit codes), then the compared command.
/// Placeholders: {IMG} the busybox image, {REG} the registry host, {C} {C2} container names, {N} {N2} network names,
/// {PORT} a free host port, {DIR} a bind source holding hello.txt, {ENVFILE} an env file. The working directory holds
/// reldir/ (for relative -v sources).
/// </summary>
public sealed class CompatCase
{
    private readonly List<string> _setup = [];
    private readonly List<CaseNormalisation> _normalisations = [];

    private CompatCase(string name, string command)
    {
        Name = name;
        Command = command;
    }

    /// <summary>The test's display name: the command, or a name given for cases that share a command.</summary>
    public string Name { get; }

    public string Command { get; }

    public IReadOnlyList<string> Setup => _setup;

    public string? Stdin { get; private set; }

    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<CaseNormalisation> Normalisations => _normalisations;

    /// <summary>Set when the reference daemon (dockerd 20.10, API 1.41) cannot answer the command at all.</summary>
    public OldDaemonGap? OldDaemonGap { get; private set; }

    public static CompatCase Of(string command) => new(command, command);

    public static CompatCase Named(string name, string command) => new(name, command);

    public CompatCase Given(params string[] setup)
    {
        _setup.AddRange(setup);
        return this;
    }

    public CompatCase Input(string stdin)
    {
        Stdin = stdin;
        return this;
    }

    public CompatCase Within(TimeSpan timeout)
    {
        Timeout = timeout;
        return this;
    }

    /// <summary>A replacement on both sides' output, for a difference that is by nature or by design; <paramref name="why"/> says which.</summary>
    public CompatCase Normalise(string pattern, string replacement, string why)
    {
        _normalisations.Add(new CaseNormalisation(new Regex(pattern, RegexOptions.Multiline), replacement, why));
        return this;
    }

    /// <summary>
    /// For a command the Docker 28 client refuses against dockerd 20.10 only because of the old API version: Cais is
    /// compared with what Docker 28 prints against a current daemon, written here.
    /// </summary>
    public CompatCase OnlyNewDaemons(string why, int exitCode, string stdout, string stderr = "")
    {
        OldDaemonGap = new OldDaemonGap(why, new CommandResult(exitCode, stdout, stderr));
        return this;
    }

    public override string ToString() => Name;
}
