using Cais.Runtime;
using Cais.TestSupport;

namespace Cais.Core.Tests.Runtime;

public sealed class ConmonLogCapTests : IDisposable
{
    private const long Cap = 1000;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_new_log_gets_the_whole_cap()
    {
        Assert.Equal(Cap, await ConmonLogCap.ForStartAsync(_dir.Combine("ctr.log"), Cap, CancellationToken.None));
    }

    [Fact]
    public async Task A_log_under_half_the_cap_is_kept_and_its_size_taken_off_the_cap()
    {
        var path = _dir.Combine("ctr.log");
        await File.WriteAllBytesAsync(path, new byte[400]);

        Assert.Equal(600, await ConmonLogCap.ForStartAsync(path, Cap, CancellationToken.None));
        Assert.Equal(400, new FileInfo(path).Length);
    }

    [Fact]
    public async Task A_log_past_half_the_cap_is_started_afresh_by_a_rename_as_conmon_rotates()
    {
        var path = _dir.Combine("ctr.log");
        await File.WriteAllBytesAsync(path, new byte[700]);
        await using var follower = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        Assert.Equal(Cap, await ConmonLogCap.ForStartAsync(path, Cap, CancellationToken.None));
        Assert.Equal(0, new FileInfo(path).Length);
        Assert.False(File.Exists(path + ".tmp"));
        // A `logs -f` reading the old file keeps it whole and notices the new one (see LogReader).
        Assert.Equal(700, follower.Length);
    }
}
