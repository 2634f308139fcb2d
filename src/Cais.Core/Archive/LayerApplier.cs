using System.Formats.Tar;
using Cais.Common;
using Cais.Linux;

namespace Cais.Archive;

/// <summary>
/// Unpacks a layer tar (already decompressed) into a directory. Entries are streamed straight from the tar to
/// disk. Layer content is untrusted: no entry can create, change or remove anything outside <c>root</c>; an
/// entry that tries fails the whole apply and the caller discards the directory.
/// </summary>
public static class LayerApplier
{
    public static Task<LayerApplyResult> ApplyAsync(Stream tar, string root, LayerApplyMode mode, CancellationToken cancellationToken) =>
        ApplyAsync(tar, root, mode, StatVfsProbe.Instance, cancellationToken);

    /// <summary>
    /// As above, stopping with "no space left on device" (and nothing more written) once the free space on
    /// <paramref name="root"/>'s filesystem, as <paramref name="space"/> reports it, falls below the reserve.
    /// </summary>
    public static async Task<LayerApplyResult> ApplyAsync(Stream tar, string root, LayerApplyMode mode, IFileSystemSpaceProbe space, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tar);
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(space);

        using var rootHandle = FileSystemAt.OpenDirectoryPath(root);
        var context = new LayerApplyContext(rootHandle, mode, space);
        var reader = new TarReader(tar, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            try
            {
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await context.ApplyAsync(entry, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or ZstdSharp.ZstdException)
            {
                throw new EngineException(ErrorKind.InvalidArgument, $"layer is not a valid tar archive: {ex.Message}", ex);
            }
            catch (NotSupportedException ex)
            {
                // System.Formats.Tar refuses old-style GNU sparse headers ('S', from tar --format=gnu -S) outright.
                throw new EngineException(ErrorKind.NotImplemented, $"layer is not a supported tar archive: {ex.Message} (old-style GNU sparse files are not supported; PAX ones, tar -S --format=pax, are)", ex);
            }
        }

        context.FinishDirectories();
        return new LayerApplyResult(context.EntryCount, context.BytesWritten, context.LinkTargetBytes);
    }
}
