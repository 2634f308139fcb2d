using System.Net.Http.Headers;

namespace Cais.Core.Tests.Distribution;

/// <summary>One request as the fake registry saw it (captured before the client disposes anything).</summary>
internal sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    string? Authorization,
    RangeHeaderValue? Range,
    IReadOnlyList<string> Accept,
    string? ContentType,
    byte[]? Body);
