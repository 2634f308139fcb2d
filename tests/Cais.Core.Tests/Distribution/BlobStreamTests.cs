using System.Net;
using System.Net.Http.Headers;
using Cais.Common;
using Cais.Distribution;
using Cais.Oci.Image;

namespace Cais.Core.Tests.Distribution;

public sealed class BlobStreamTests
{
    private static readonly ImageReference Repo = ImageReference.Parse("127.0.0.1:5000/app");

    private static byte[] Data(int size)
    {
        var data = new byte[size];
        new Random(42).NextBytes(data);
        return data;
    }

    private static Descriptor DescriptorOf(byte[] data) =>
        new() { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute(data).ToString(), Size = data.Length };

    private static RegistryClient Client(FakeRegistryHandler handler, List<(long Offset, int Attempt)>? resumes = null) =>
        new(new RegistryClientOptions
        {
            Handler = handler,
            BlobResumeBackoff = TimeSpan.FromMilliseconds(1),
            OnBlobResume = (_, offset, attempt, _) => resumes?.Add((offset, attempt)),
        });

    private static HttpResponseMessage Partial(byte[] data, long from, Stream? body = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.PartialContent)
        {
            Content = body is null ? new ByteArrayContent(data, (int)from, data.Length - (int)from) : new StreamContent(body),
        };
        response.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, data.Length - 1, data.Length);
        return response;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 64);
        return copy.ToArray();
    }

    [Fact]
    public async Task Resumes_with_a_range_request_after_the_body_breaks()
    {
        var data = Data(1000);
        var handler = new FakeRegistryHandler(request => request.Range is null
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(data, 300)) }
            : Partial(data, request.Range.Ranges.Single().From!.Value));
        var resumes = new List<(long, int)>();
        using var client = Client(handler, resumes);

        await using var stream = await client.OpenBlobAsync(Repo, DescriptorOf(data), 0, CancellationToken.None);
        Assert.Equal(data, await ReadAllAsync(stream));

        Assert.Equal(1, ((BlobStream)stream).RetryCount);
        Assert.Equal([(300L, 1)], resumes);
        var requests = handler.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].Range);
        Assert.Equal(300, requests[1].Range!.Ranges.Single().From);
        Assert.Null(requests[1].Range!.Ranges.Single().To);
        Assert.Equal($"http://127.0.0.1:5000/v2/app/blobs/{Digest.Compute(data)}", requests[1].Uri.ToString());
    }

    [Fact]
    public async Task Resumes_after_a_premature_end_of_body()
    {
        var data = Data(1000);
        var handler = new FakeRegistryHandler(request => request.Range is null
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new UnknownLengthStream(data[..400])) }
            : Partial(data, request.Range.Ranges.Single().From!.Value));
        using var client = Client(handler);

        await using var stream = await client.OpenBlobAsync(Repo, DescriptorOf(data), 0, CancellationToken.None);
        Assert.Equal(data, await ReadAllAsync(stream));
        Assert.Equal(400, handler.Requests[1].Range!.Ranges.Single().From);
    }

    [Fact]
    public async Task Skips_what_it_has_when_the_server_ignores_range()
    {
        var data = Data(1000);
        var calls = 0;
        var handler = new FakeRegistryHandler(_ => ++calls == 1
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(data, 300)) }
            : Responses.Bytes(data));
        using var client = Client(handler);

        await using var stream = await client.OpenBlobAsync(Repo, DescriptorOf(data), 0, CancellationToken.None);
        Assert.Equal(data, await ReadAllAsync(stream));
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(300, handler.Requests[1].Range!.Ranges.Single().From);
    }

    [Fact]
    public async Task Opens_from_an_offset()
    {
        var data = Data(1000);
        var handler = new FakeRegistryHandler(request => Partial(data, request.Range!.Ranges.Single().From!.Value));
        using var client = Client(handler);

        await using var stream = await client.OpenBlobAsync(Repo, DescriptorOf(data), 600, CancellationToken.None);
        Assert.Equal(600, stream.Position);
        Assert.Equal(data[600..], await ReadAllAsync(stream));
        Assert.Equal(600, handler.Requests.Single().Range!.Ranges.Single().From);
    }

    [Fact]
    public async Task Opens_from_an_offset_when_the_server_ignores_range()
    {
        var data = Data(1000);
        var handler = new FakeRegistryHandler(_ => Responses.Bytes(data));
        using var client = Client(handler);

        await using var stream = await client.OpenBlobAsync(Repo, DescriptorOf(data), 600, CancellationToken.None);
        Assert.Equal(data[600..], await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Gives_up_after_five_resume_attempts()
    {
        var data = Data(1000);
        var handler = new FakeRegistryHandler(request =>
        {
            var from = (int)(request.Range?.Ranges.Single().From ?? 0);
            return Partial(data, from, new BreakingStream(data[from..], 10));
        });
        using var client = Client(handler);

        await using var stream = await client.OpenBlobAsync(Repo, DescriptorOf(data), 0, CancellationToken.None);
        var error = await Assert.ThrowsAsync<EngineException>(() => ReadAllAsync(stream));
        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains("after 5 resume attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, ((BlobStream)stream).RetryCount);
        Assert.Equal(6, handler.Requests.Count);
        Assert.Equal(50, handler.Requests[5].Range!.Ranges.Single().From);
    }

    [Fact]
    public async Task Refuses_a_body_declared_larger_than_the_descriptor()
    {
        var data = Data(1000);
        var handler = new FakeRegistryHandler(_ => Responses.Bytes([.. data, 1, 2, 3]));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<EngineException>(() => client.OpenBlobAsync(Repo, DescriptorOf(data), 0, CancellationToken.None));
        Assert.Equal(ErrorKind.DataLoss, error.Kind);
    }

    [Fact]
    public async Task Refuses_trailing_bytes_beyond_the_descriptor_size()
    {
        var data = Data(1000);
        var handler = new FakeRegistryHandler(_ =>
            new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new UnknownLengthStream([.. data, 7])) });
        using var client = Client(handler);

        await using var stream = await client.OpenBlobAsync(Repo, DescriptorOf(data), 0, CancellationToken.None);
        var buffer = new byte[2000];
        var total = 0;
        var error = await Assert.ThrowsAsync<EngineException>(async () =>
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(total));
                Assert.True(total + read <= data.Length, "the stream yielded more than the descriptor size");
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        });
        Assert.Equal(ErrorKind.DataLoss, error.Kind);
        Assert.Equal(data.Length, total);
    }

    [Fact]
    public async Task Refuses_a_range_answer_for_the_wrong_offset()
    {
        var data = Data(1000);
        var handler = new FakeRegistryHandler(request => request.Range is null
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(data, 300)) }
            : Partial(data, 100));
        using var client = Client(handler);

        await using var stream = await client.OpenBlobAsync(Repo, DescriptorOf(data), 0, CancellationToken.None);
        var error = await Assert.ThrowsAsync<EngineException>(() => ReadAllAsync(stream));
        Assert.Equal(ErrorKind.DataLoss, error.Kind);
    }

    [Fact]
    public async Task Missing_blob_is_not_found()
    {
        var data = Data(10);
        var handler = new FakeRegistryHandler(_ => Responses.RegistryError(HttpStatusCode.NotFound, "BLOB_UNKNOWN", "blob unknown to registry"));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<EngineException>(() => client.OpenBlobAsync(Repo, DescriptorOf(data), 0, CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Contains("blob unknown: blob unknown to registry", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malicious_digest_in_a_descriptor_is_rejected_before_any_request()
    {
        var handler = new FakeRegistryHandler(_ => Responses.Status(HttpStatusCode.OK));
        using var client = Client(handler);
        var descriptor = new Descriptor { Digest = "sha256:../../../v2/other/manifests/x", Size = 1 };
        var error = await Assert.ThrowsAsync<EngineException>(() => client.OpenBlobAsync(Repo, descriptor, 0, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(handler.Requests);
    }
}
