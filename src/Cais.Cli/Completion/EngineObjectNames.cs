using Cais.Hosting;

namespace Cais.Cli.Completion;

/// <summary>
/// Object names for completion from the engine's listing services: recorded state only (no lock, no write, no runtime
/// call), and nothing at all when there is no state yet, so that pressing TAB never creates a state root.
/// </summary>
public sealed class EngineObjectNames(IEngineServices engine)
{
    /// <summary>Docker's short ID length; IDs are offered only once the partial word is not empty.</summary>
    private const int ShortIdLength = 12;

    /// <summary>Networks every engine has, listed even before the default bridge was first brought up.</summary>
    private static readonly string[] s_predefinedNetworks = ["bridge", "host", "none"];

    private bool? _hasState;

    public IReadOnlyList<string> Of(ObjectKind kind, string current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (kind == ObjectKind.None || !(_hasState ??= engine.System.StateExists()))
        {
            return kind == ObjectKind.Networks ? s_predefinedNetworks : [];
        }

        var withIds = current.Length > 0;
        return kind switch
        {
            ObjectKind.RunningContainers => Containers(all: false, withIds),
            ObjectKind.Containers => Containers(all: true, withIds),
            ObjectKind.Images => Images(withIds),
            ObjectKind.Networks => Networks(),
            ObjectKind.Anything => [.. Containers(all: true, withIds), .. Images(withIds), .. Networks()],

            // No volume service yet: nothing to offer, and no error.
            _ => [],
        };
    }

    private List<string> Containers(bool all, bool withIds)
    {
        var names = new List<string>();
        foreach (var (id, name) in engine.Containers.ListNames(all))
        {
            names.Add(name);
            if (withIds)
            {
                names.Add(Short(id));
            }
        }

        return names;
    }

    private List<string> Images(bool withIds)
    {
        var names = new List<string>();
        foreach (var (image, tags) in engine.Images.List())
        {
            names.AddRange(tags.Where(tag => !tag.IsDigest).Select(tag => tag.Name));
            if (withIds)
            {
                names.Add(Short(image.Id.StartsWith("sha256:", StringComparison.Ordinal) ? image.Id["sha256:".Length..] : image.Id));
            }
        }

        return names;
    }

    private List<string> Networks() => [.. s_predefinedNetworks, .. engine.Networks.List().Select(n => n.Name)];

    private static string Short(string id) => id.Length > ShortIdLength ? id[..ShortIdLength] : id;
}
