using Cais.Common;
using Cais.Oci.Image;

namespace Cais.Containers.Spec;

/// <summary>Docker's rules for combining the image's Entrypoint/Cmd with the user's.</summary>
public static class ProcessArgs
{
    /// <summary>
    /// argv for the container process. Rules (moby's config merge + CLI behaviour):
    /// entrypoint null → the image's entrypoint, and the user's Cmd or else the image's Cmd;
    /// entrypoint given → it replaces the image's, and the image's Cmd is dropped (only the user's Cmd follows);
    /// <c>[""]</c> is the CLI's way of saying "no entrypoint"; an empty list (API) clears the entrypoint but, as
    /// in moby, leaves the image's Cmd in place when the user gave none.
    /// </summary>
    public static IReadOnlyList<string> Resolve(ContainerDefaults? image, IReadOnlyList<string> cmd, IReadOnlyList<string>? entrypoint)
    {
        IReadOnlyList<string> entry;
        IReadOnlyList<string> arguments;
        if (entrypoint is null)
        {
            entry = image?.Entrypoint ?? [];
            arguments = cmd.Count > 0 ? cmd : image?.Cmd ?? [];
        }
        else if (entrypoint.Count == 0)
        {
            entry = [];
            arguments = cmd.Count > 0 ? cmd : image?.Cmd ?? [];
        }
        else
        {
            entry = entrypoint is [""] ? [] : entrypoint;
            arguments = cmd;
        }

        string[] args = [.. entry, .. arguments];
        if (args.Length == 0 || args[0].Length == 0)
        {
            throw EngineException.Invalid("no command specified");
        }

        return args;
    }
}
