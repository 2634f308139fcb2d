using Cais.Common;

namespace Cais.TestSupport;

/// <summary>Images written by umoci (not by our builder), so the puller is also tested against a foreign writer.</summary>
public static class UmociImages
{
    public const string ScriptName = "umoci-busybox.sh";

    /// <summary>The file the second layer of <see cref="PublishBusyboxAsync"/> deletes (via a whiteout).</summary>
    public const string RemovedPath = "/etc/removed-later";

    /// <summary>
    /// Builds with scripts/umoci-busybox.sh and pushes to <paramref name="registryHost"/>: layer 1 is busybox +
    /// applet links + /etc/passwd,group + <see cref="RemovedPath"/>; layer 2 whiteouts <see cref="RemovedPath"/>.
    /// Config: Cmd ["sh"], Env PATH. The manifest has no mediaType field (umoci omits it). Needs root.
    /// </summary>
    public static async Task<PushedImage> PublishBusyboxAsync(string registryHost, string repoTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registryHost);
        ArgumentNullException.ThrowIfNull(repoTag);
        var (repository, tag) = OciImageBuilder.SplitRepoTag(repoTag);
        var result = await ExternalTool.RunCheckedAsync("bash", [FindScript(), registryHost, $"{repository}:{tag}"], cancellationToken).ConfigureAwait(false);
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (!Digest.TryParse(line, out var digest))
        {
            throw new InvalidOperationException($"{ScriptName} printed no digest: {result.Stdout} {result.Stderr}");
        }

        return new PushedImage(registryHost, repository, tag, digest);
    }

    /// <summary>The script next to the test binaries (copied there by the build), else in the source tree.</summary>
    public static string FindScript()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "scripts", ScriptName);
        if (File.Exists(copied))
        {
            return copied;
        }

        var source = Path.Combine(RepoRoot.Find(), "tests", "Cais.TestSupport", "scripts", ScriptName);
        return File.Exists(source) ? source : throw new FileNotFoundException($"{ScriptName} not found", source);
    }
}
