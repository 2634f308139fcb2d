using Cais.Common;

namespace Cais.Containers.Spec;

/// <summary>Chooses the process's working directory: user's, else the image's, else "/".</summary>
public static class WorkingDirectory
{
    public static string Resolve(string? user, string? image)
    {
        var chosen = !string.IsNullOrEmpty(user) ? user : !string.IsNullOrEmpty(image) ? image : "/";
        if (!chosen.StartsWith('/'))
        {
            throw EngineException.Invalid($"the working directory '{chosen}' is invalid, it needs to be an absolute path");
        }

        return ContainerPath.Clean(chosen);
    }
}
