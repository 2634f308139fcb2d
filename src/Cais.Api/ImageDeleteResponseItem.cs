using System.Text.Json.Serialization;

namespace Cais.Api;

/// <summary>One line of DELETE /images/{name}'s report: a name untagged, or an image or layer deleted.</summary>
public sealed record ImageDeleteResponseItem
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Untagged { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Deleted { get; init; }
}
