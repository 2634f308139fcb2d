using Cais.Api;
using Cais.Network.Dns;

namespace Cais.Hosting;

/// <summary>
/// The system front door: facts about the engine and what concerns the whole state rather than one resource
/// (the resident resolver today; prune-all and disk usage next).
/// </summary>
public interface ISystemService
{
    /// <summary>What <c>version</c> shows as its Server section (and the API's /version will): needs no state.</summary>
    SystemVersion Version();

    /// <summary>Runs this state's resident DNS resolver until no container needs it or the token is cancelled.</summary>
    Task<ResolverDaemonOutcome> RunResolverDaemonAsync(ResolverDaemonRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the state root already holds an engine state. Read-only callers that must not create one (shell
    /// completion) ask first; opening any resource service creates the state root.
    /// </summary>
    bool StateExists();
}
