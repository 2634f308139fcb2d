using System.Security.Cryptography;
using Cais.Archive;
using Cais.Common;

namespace Cais.Core.Tests.Archive;

public sealed class StreamWrapperTests
{
    private static byte[] RandomData(int length)
    {
        var data = new byte[length];
        new Random(42).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task DigestingStream_digest_equals_sha256_of_the_data()
    {
        var data = RandomData(1_000_003);
        using var asyncStream = new DigestingStream(new ChunkedStream(data, 7919));
        await asyncStream.CopyToAsync(Stream.Null);
        Assert.Equal(Digest.FromHash(SHA256.HashData(data)), asyncStream.GetDigest());
        Assert.Equal(data.Length, asyncStream.BytesRead);

        using var syncStream = new DigestingStream(new ChunkedStream(data, 4096));
        var buffer = new byte[1000];
        var half = 0;
        while (half < 500_000)
        {
            half += syncStream.Read(buffer, 0, buffer.Length);
        }

        Assert.Equal(Digest.Compute(data.AsSpan(0, half)), syncStream.GetDigest());
        syncStream.CopyTo(Stream.Null);
        Assert.Equal(Digest.Compute(data), syncStream.GetDigest());
    }

    [Fact]
    public async Task DrainAsync_reads_to_the_end()
    {
        var data = RandomData(200_000);
        using var stream = new DigestingStream(new ChunkedStream(data, 1000));
        _ = await stream.ReadAsync(new byte[10]);
        await DigestingStream.DrainAsync(stream, CancellationToken.None);
        Assert.Equal(data.Length, stream.BytesRead);
        Assert.Equal(Digest.Compute(data), stream.GetDigest());
    }

    [Fact]
    public async Task TeeStream_copies_exactly_what_is_read()
    {
        var data = RandomData(777_777);
        using var sink = new RecordingStream();
        using var tee = new TeeStream(new ChunkedStream(data, 5000), sink);
        using var read = new MemoryStream();
        await tee.CopyToAsync(read, 3333);

        Assert.Equal(data, read.ToArray());
        Assert.Equal(data, sink.ToArray());
        Assert.Equal(data.Length, tee.BytesRead);
        Assert.True(sink.AsyncWrites > 0);
        Assert.Equal(0, sink.SyncWrites);
    }

    [Fact]
    public void TeeStream_sync_path_copies_too()
    {
        var data = RandomData(100_000);
        using var sink = new RecordingStream();
        using var tee = new TeeStream(new MemoryStream(data), sink);
        var buffer = new byte[999];
        using var read = new MemoryStream();
        int n;
        while ((n = tee.Read(buffer, 0, buffer.Length)) > 0)
        {
            read.Write(buffer, 0, n);
        }

        Assert.Equal(data, read.ToArray());
        Assert.Equal(data, sink.ToArray());
    }

    [Fact]
    public void TeeStream_requires_a_writable_sink()
    {
        var readOnly = new MemoryStream([1], writable: false);
        Assert.Throws<ArgumentException>(() => new TeeStream(new MemoryStream(), readOnly));
    }

    private sealed class RecordingStream : MemoryStream
    {
        private bool _inAsync;

        public int SyncWrites { get; private set; }

        public int AsyncWrites { get; private set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            SyncWrites += _inAsync ? 0 : 1;
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            SyncWrites += _inAsync ? 0 : 1;
            base.Write(buffer);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            AsyncWrites++;
            await Task.Yield();

            // MemoryStream routes a derived type's span write through Write(byte[]...); do not count that as sync.
            _inAsync = true;
            base.Write(buffer.Span);
            _inAsync = false;
        }
    }
}
