namespace Cais.Core.Tests.Distribution;

/// <summary>An in-process registry: every request is answered by a test function; nothing touches the network.</summary>
internal sealed class FakeRegistryHandler : HttpMessageHandler
{
    private readonly Func<RecordedRequest, HttpResponseMessage> _respond;
    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];

    public FakeRegistryHandler(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        _respond = respond;
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[]? body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Headers.Range,
            [.. request.Headers.Accept.Select(a => a.MediaType ?? "")],
            request.Content?.Headers.ContentType?.MediaType,
            body);
        lock (_lock)
        {
            _requests.Add(recorded);
        }

        var response = _respond(recorded);
        response.RequestMessage = request;
        return response;
    }
}
