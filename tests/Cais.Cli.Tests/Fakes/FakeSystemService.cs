using Cais.Hosting;
using Cais.Network.Dns;

namespace Cais.Cli.Tests.Fakes;

/// <summary>Fixed version facts, so that the output does not depend on the machine.</summary>
internal sealed class FakeSystemService(CallLog log) : ISystemService
{
    public SystemVersion Version()
    {
        log.Calls.Add("Version()");
        return new SystemVersion
        {
            Version = "9.8.7",
            ApiVersion = "1.50 (planned)",
            PlatformRuntime = ".NET 10.0.0, NativeAOT",
            Os = "linux",
            Arch = "amd64",
            Mode = "daemonless (in-process)",
            Runtime = "runc under conmon",
        };
    }

    public Task<ResolverDaemonOutcome> RunResolverDaemonAsync(ResolverDaemonRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
