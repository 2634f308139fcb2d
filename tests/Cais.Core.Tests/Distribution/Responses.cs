using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Cais.Core.Tests.Distribution;

internal static class Responses
{
    public static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new ByteArrayContent([]) };

    public static HttpResponseMessage Json(HttpStatusCode status, string json)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return response;
    }

    public static HttpResponseMessage Bytes(byte[] bytes, string? contentType = null, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(bytes) };
        if (contentType is not null)
        {
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return response;
    }

    public static HttpResponseMessage RegistryError(HttpStatusCode status, string code, string message) =>
        Json(status, $$"""{"errors":[{"code":"{{code}}","message":"{{message}}","detail":null}]}""");

    public static HttpResponseMessage Challenge(string header)
    {
        var response = RegistryError(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "authentication required");
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", header);
        return response;
    }

    public static HttpResponseMessage Redirect(string location)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect) { Content = new ByteArrayContent([]) };
        response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
        return response;
    }
}
