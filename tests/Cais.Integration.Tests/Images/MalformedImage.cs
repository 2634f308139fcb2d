using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Images;

/// <summary>
/// A valid busybox image taken apart into documents that a case may break before they are served: the config text,
/// the manifest (whose config descriptor is refreshed to match the config first, so a broken config is not
/// merely a digest mismatch), optionally an index above it, and the layer's response.
/// </summary>
public sealed record MalformedImage(string Name)
{
    /// <summary>Turns the valid config (parsed) into the text served.</summary>
    public Func<JsonObject, string> Config { get; init; } = config => config.ToJsonString();

    /// <summary>Edits the manifest after its config descriptor was refreshed.</summary>
    public Action<JsonObject> Manifest { get; init; } = _ => { };

    /// <summary>Replaces the manifest text altogether (after <see cref="Manifest"/>).</summary>
    public Func<string, string> ManifestText { get; init; } = text => text;

    public string ManifestContentType { get; init; } = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>When set, the tag names an OCI index (edited by this) whose one entry is the manifest.</summary>
    public Action<JsonObject>? Index { get; init; }

    /// <summary>Turns the valid layer blob into the response served for its digest.</summary>
    public Func<byte[], CannedResponse> Layer { get; init; } = blob => CannedResponse.Bytes(blob);

    /// <summary>The failure is one a later pull resumes from, so the partial blob stays in the ingest.</summary>
    public bool KeepsPartialDownload { get; init; }

    public override string ToString() => Name;

    /// <summary>Serves the broken image as <paramref name="repository"/>:latest.</summary>
    public void ServeOn(CannedRegistry registry, string repository, string configJson, string manifestJson, byte[] layer, string layerDigest)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var valid = JsonNode.Parse(configJson)!.AsObject();
        var platform = new JsonObject { ["os"] = (string?)valid["os"], ["architecture"] = (string?)valid["architecture"] };
        var config = System.Text.Encoding.UTF8.GetBytes(Config(valid));
        var manifest = JsonNode.Parse(manifestJson)!.AsObject();
        manifest["config"]!["digest"] = DigestOf(config);
        manifest["config"]!["size"] = config.Length;
        Manifest(manifest);
        var manifestBytes = System.Text.Encoding.UTF8.GetBytes(ManifestText(manifest.ToJsonString()));

        registry.Serve($"/v2/{repository}/blobs/{DigestOf(config)}", CannedResponse.Bytes(config));
        registry.Serve($"/v2/{repository}/blobs/{layerDigest}", Layer(layer));
        registry.Serve($"/v2/{repository}/manifests/{DigestOf(manifestBytes)}", new CannedResponse(200, ManifestContentType, manifestBytes));
        if (Index is null)
        {
            registry.Serve($"/v2/{repository}/manifests/latest", new CannedResponse(200, ManifestContentType, manifestBytes));
            return;
        }

        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = ManifestContentType,
                ["digest"] = DigestOf(manifestBytes),
                ["size"] = manifestBytes.Length,
                ["platform"] = platform,
            }),
        };
        Index(index);
        registry.Serve($"/v2/{repository}/manifests/latest", new CannedResponse(200, "application/vnd.oci.image.index.v1+json", System.Text.Encoding.UTF8.GetBytes(index.ToJsonString())));
    }

    public static string DigestOf(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
