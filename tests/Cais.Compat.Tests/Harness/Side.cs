using System.Globalization;
using Cais.TestSupport;

namespace Cais.Compat.Tests.Harness;

/// <summary>
/// One engine under comparison: its client, and the setup standing on it. Read-only cases that share a setup reuse it
/// (see <see cref="CaseRunner"/>), so both engines can hold containers at once: each side therefore has its own free
/// host port for {PORT}, normalised to &lt;PORT&gt; in its output.
/// </summary>
public sealed class Side(string name, ProcessRunner runner)
{
    public string Name { get; } = name;

    public ProcessRunner Runner { get; } = runner;

    /// <summary>The setup steps (joined) that stand on this side now, when a following read-only case may reuse them.</summary>
    public string? StandingSetup { get; set; }

    /// <summary>How the standing setup's steps exited, for the cases that reuse it.</summary>
    public IReadOnlyList<int> StandingSetupExitCodes { get; set; } = [];

    /// <summary>True when the side may hold something a case made (containers, networks, tags).</summary>
    public bool Dirty { get; set; }

    public string Port { get; private set; } = NewPort();

    public void PickNewPort() => Port = NewPort();

    private static string NewPort() => Ports.Free().ToString(CultureInfo.InvariantCulture);
}
