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
        var local = images.Find(image) is not null;
        switch (policy)
        {
            case "never" when !local:
                throw EngineException.NotFound($"No such image: {image}");
            case "never":
            case "missing" when local:
                return;
            case "missing":
                await progress.WriteLineAsync($"Unable to find image '{ImageReference.Parse(image).WithDefaultTag().FamiliarString()}' locally").ConfigureAwait(false);
                break;
            case "always":
                break;
            default:
                throw EngineException.Invalid($"invalid pull option: '{policy}': must be one of \"always\", \"missing\" or \"never\"");
        }

        await PullCommand.PullAsync(images, image, platform, quiet, progress, !Console.IsErrorRedirected, cancellationToken).ConfigureAwait(false);
    }
}
