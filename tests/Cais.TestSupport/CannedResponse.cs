using System.Text;

namespace Cais.TestSupport;

/// <summary>
/// One answer of <see cref="CannedRegistry"/>. <paramref name="ContentLength"/> overrides the header (a larger value
/// than the body makes a truncated response: the connection closes early).
/// </summary>
public sealed record CannedResponse(int Status, string? ContentType, byte[] Body, long? ContentLength = null)
{
    public static CannedResponse Json(string json, string contentType = "application/json") => new(200, contentType, Encoding.UTF8.GetBytes(json));

    public static CannedResponse Bytes(byte[] body, long? contentLength = null) => new(200, "application/octet-stream", body, contentLength);
}
