using System.Text.Json;
using Cais.Common;
using Cais.Oci;
using Cais.Oci.Image;

namespace Cais.Images;

/// <summary>
/// Reads an image config blob, which comes from a registry and is untrusted: text that is not JSON, fields of the
/// wrong type and JSON nulls where a value is needed are refused with an error naming the config, instead of
/// surfacing later as a crash in the puller or the spec generator.
/// </summary>
public static class ImageConfigDocument
{
    public static ImageConfig Parse(ReadOnlySpan<byte> bytes, string digest)
    {
        ImageConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ImageConfig);
        }
        catch (JsonException e)
        {
            throw Invalid(digest, e.Message, e);
        }

        if (config is null)
        {
            throw Invalid(digest, "null document");
        }

        if (config.RootFs?.DiffIds is not { } diffIds)
        {
            throw Invalid(digest, "it has no rootfs.diff_ids list");
        }

        foreach (var diffId in diffIds)
        {
            if (!Digest.TryParse(diffId, out _))
            {
                throw Invalid(digest, $"diff ID \"{diffId}\" is not sha256:<64 hex characters>");
            }
        }

        // Null strings inside the run defaults would reach the runtime spec as nulls.
        if (config.Config is { } run && (HasNull(run.Cmd) || HasNull(run.Entrypoint)))
        {
            throw Invalid(digest, "Cmd and Entrypoint must not contain null");
        }

        // Go reads a JSON null into an empty string; these two are compared and recorded, never null.
        return config with { Os = config.Os ?? "", Architecture = config.Architecture ?? "" };
    }

    private static bool HasNull(IReadOnlyList<string>? values) => values is not null && values.Any(v => v is null);

    private static EngineException Invalid(string digest, string why, Exception? inner = null) =>
        new(ErrorKind.InvalidArgument, $"invalid image config {digest}: {why}", inner);
}
