using Cais.Cli.Commands.Images;
using Cais.Common;
using Cais.Distribution;
using Cais.Images;

namespace Cais.Cli.Commands.Containers;

/// <summary>run/create's pull policy (progress goes to stderr, as Docker's run does): "missing" pulls an image that is not local (Docker's default), "always" and "never".</summary>
public static class ImageEnsurer
{
    public static async Task EnsureAsync(IImageService images, string image, string policy, string? platform, bool quiet, TextWriter progress, CancellationToken cancellationToken)
    {
        var reference = ImageReference.ParseInput(image);
        var local = images.Find(image) is not null;
        switch (policy)
        {
            case "never" when !local:
                throw EngineException.NotFound(ImageReference.NoSuchImage(image));
            case "never":
            case "missing" when local:
                return;
            case "missing":
                await progress.WriteLineAsync($"Unable to find image '{reference.WithDefaultTag().FamiliarString()}' locally").ConfigureAwait(false);
                break;
            case "always":
                break;
            default:
                throw EngineException.InvalidInput($"invalid pull option: '{policy}': must be one of \"always\", \"missing\" or \"never\"");
        }

        await PullCommand.PullAsync(images, image, platform, quiet, progress, !Console.IsErrorRedirected, cancellationToken).ConfigureAwait(false);
    }
}
