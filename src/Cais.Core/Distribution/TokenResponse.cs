using System.Text.Json.Serialization;

namespace Cais.Distribution;

/// <summary>A token server's answer (distribution token spec): "token" or its OAuth2 alias "access_token".</summary>
public sealed record TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    [JsonPropertyName("issued_at")]
    public string? IssuedAt { get; init; }
}
