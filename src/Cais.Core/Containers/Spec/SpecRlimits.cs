using Cais.Oci.Runtime;

namespace Cais.Containers.Spec;

/// <summary>Resource limits set on the container process.</summary>
public static class SpecRlimits
{
    /// <summary>The open-files limit containers get when the host allows it (what dockerd's unit used to give).</summary>
    public const ulong OpenFiles = 1048576;

    /// <summary>
    /// RLIMIT_NOFILE soft = hard = min(1048576, host hard). Docker leaves rlimits to be inherited from dockerd;
    /// a daemonless engine would otherwise pass on whatever the calling shell has (often a soft 1024), so we
    /// set a generous value explicitly, but never above the host's hard limit: raising a hard limit needs
    /// CAP_SYS_RESOURCE, which the engine may not hold, and the runtime would then fail to start the container.
    /// </summary>
    public static IReadOnlyList<SpecRlimit> Build(ulong hostOpenFilesHard)
    {
        var nofile = Math.Min(OpenFiles, hostOpenFilesHard);
        return [new SpecRlimit { Type = "RLIMIT_NOFILE", Soft = nofile, Hard = nofile }];
    }
}
