using System.Text;
using Cais.Common;
using Cais.Content;
using Cais.TestSupport;

namespace Cais.Core.Tests.Content;

public sealed class ContentStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Commit_of_verified_blob_makes_it_readable_and_read_only()
    {
        var store = new ContentStore(_dir.Path);
        var data = Encoding.UTF8.GetBytes("hello layer");
        var digest = Digest.Compute(data);

        await store.WriteBlobAsync(data, digest, CancellationToken.None);

        Assert.True(store.Exists(digest));
        Assert.Equal(data, await store.ReadAllAsync(digest, 1024, CancellationToken.None));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(store.BlobPath(digest)));
        Assert.Empty(Directory.GetDirectories(Path.Combine(_dir.Path, "ingest")));
    }

    [Fact]
    public async Task Digest_mismatch_is_refused_and_leaves_nothing()
    {
        var store = new ContentStore(_dir.Path);
        var data = Encoding.UTF8.GetBytes("tampered");
        var claimed = Digest.Compute(Encoding.UTF8.GetBytes("original"));

        var error = await Assert.ThrowsAsync<EngineException>(() => store.WriteBlobAsync(data, claimed, CancellationToken.None));

        Assert.Equal(ErrorKind.DataLoss, error.Kind);
        Assert.Contains("digest mismatch", error.Message, StringComparison.Ordinal);
        Assert.False(store.Exists(claimed));
        Assert.Empty(store.List());
        Assert.Empty(Directory.GetDirectories(Path.Combine(_dir.Path, "ingest")));
    }

    [Fact]
    public async Task Writing_past_the_declared_size_is_refused()
    {
        var store = new ContentStore(_dir.Path);
        var data = new byte[10];
        await using var writer = await store.OpenIngestAsync("r", 5, Digest.Compute(data), CancellationToken.None);

        var error = await Assert.ThrowsAsync<EngineException>(async () => await writer.WriteAsync(data, CancellationToken.None));

        Assert.Equal(ErrorKind.DataLoss, error.Kind);
    }

    [Fact]
    public async Task Interrupted_ingest_resumes_from_stored_offset()
    {
        var store = new ContentStore(_dir.Path);
        var data = Encoding.UTF8.GetBytes(new string('x', 5000) + "tail");
        var digest = Digest.Compute(data);

        await using (var first = await store.OpenIngestAsync("layer", data.Length, digest, CancellationToken.None))
        {
            await first.WriteAsync(data.AsMemory(0, 3000), CancellationToken.None);
            // Disposed without commit: as if the process was interrupted.
        }

        Assert.False(store.Exists(digest));
        await using var second = await store.OpenIngestAsync("layer", data.Length, digest, CancellationToken.None);
        Assert.Equal(3000, second.Offset);
        await second.WriteAsync(data.AsMemory(3000), CancellationToken.None);
        await second.CommitAsync(CancellationToken.None);

        Assert.Equal(data, await File.ReadAllBytesAsync(store.BlobPath(digest)));
    }

    [Fact]
    public async Task Second_writer_for_same_ref_waits_for_the_first()
    {
        var store = new ContentStore(_dir.Path);
        var data = Encoding.UTF8.GetBytes("concurrent");
        var digest = Digest.Compute(data);
        var first = await store.OpenIngestAsync("same", data.Length, digest, CancellationToken.None);

        var secondTask = store.OpenIngestAsync("same", data.Length, digest, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(secondTask.IsCompleted);

        await first.WriteAsync(data, CancellationToken.None);
        await first.CommitAsync(CancellationToken.None);
        await using var second = await secondTask.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(store.Exists(digest));
    }
}
