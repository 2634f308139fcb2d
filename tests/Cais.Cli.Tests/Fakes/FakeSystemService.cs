using Cais.Api;
using Cais.Hosting;
using Cais.Network.Dns;

namespace Cais.Cli.Tests.Fakes;

/// <summary>Fixed version facts, so that the output does not depend on the machine.</summary>
internal sealed class FakeSystemService(CallLog log) : ISystemService
{
    /// <summary>What <see cref="StateExists"/> answers.</summary>
    public bool HasState { get; set; } = true;

    public SystemVersion Version()
    {
        log.Calls.Add("Version()");
        var details = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ApiVersion"] = "1.50",
            ["Arch"] = "amd64",
            ["BuildTime"] = "2026-05-30T12:07:14.5Z",
            ["Experimental"] = "false",
            ["GitCommit"] = "abc1234",
            ["GoVersion"] = ".NET 10.0.0",
            ["KernelVersion"] = "6.1.0",
            ["MinAPIVersion"] = "1.24",
            ["Os"] = "linux",
        };
        return new SystemVersion
        {
            Platform = new SystemVersionPlatform { Name = "Cais" },
            Components = [new ComponentVersion { Name = "Engine", Version = "9.8.7", Details = details }],
            Version = "9.8.7",
            ApiVersion = "1.50",
            MinAPIVersion = "1.24",
            GitCommit = "abc1234",
            GoVersion = ".NET 10.0.0",
            Os = "linux",
            Arch = "amd64",
            KernelVersion = "6.1.0",
            BuildTime = "2026-05-30T12:07:14.5Z",
        };
    }

    public Task<ResolverDaemonOutcome> RunResolverDaemonAsync(ResolverDaemonRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public bool StateExists()
    {
        log.Calls.Add("StateExists()");
        return HasState;
    }
}
