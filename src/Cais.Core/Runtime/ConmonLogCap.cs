namespace Cais.Runtime;

/// <summary>
/// The <c>--log-size-max</c> for one conmon. conmon counts only the bytes it wrote itself, not what the log (opened
/// for append) already holds from earlier runs of the container, so passing the plain cap on every start would let
/// each start add a whole cap. Instead the log's present size is taken off the cap, and a log already past half the
/// cap is started afresh here, exactly as conmon's own rotation would (a new file renamed over it), so that this run
/// still gets at least half a cap per file.
/// </summary>
internal static class ConmonLogCap
{
    public static async Task<long> ForStartAsync(string logPath, long cap, CancellationToken cancellationToken)
    {
        var existing = new FileInfo(logPath) is { Exists: true } info ? info.Length : 0;
        if (existing <= cap / 2)
        {
            return cap - existing;
        }

        var fresh = logPath + ".tmp";
        await File.WriteAllBytesAsync(fresh, [], cancellationToken).ConfigureAwait(false);
        File.Move(fresh, logPath, overwrite: true);
        return cap;
    }
}
