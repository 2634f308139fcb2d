namespace Cais.Compat.Tests.Harness;

/// <summary>Brings one side back to its starting state after a case: no containers, no user networks, no other tags.</summary>
public static class SideCleaner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task CleanAsync(ProcessRunner side, string baseImage, bool removeBaseImage)
    {
        ArgumentNullException.ThrowIfNull(side);
        var containers = Lines(await side.RunAsync(["ps", "-aq", "--no-trunc"], null, Timeout));
        if (containers.Count > 0)
        {
            await side.RunAsync(["rm", "-f", .. containers], null, Timeout);
        }

        var networks = Lines(await side.RunAsync(["network", "ls", "-q", "--filter", "type=custom"], null, Timeout));
        if (networks.Count > 0)
        {
            await side.RunAsync(["network", "rm", .. networks], null, Timeout);
        }

        var images = Lines(await side.RunAsync(["images", "--format", "{{.Repository}}:{{.Tag}}"], null, Timeout))
            .Where(i => !i.Contains("<none>", StringComparison.Ordinal) && (removeBaseImage || i != baseImage))
            .ToList();
        if (images.Count > 0)
        {
            await side.RunAsync(["rmi", "-f", .. images], null, Timeout);
        }
    }

    private static List<string> Lines(CommandResult result) =>
        result.ExitCode == 0 ? result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() : [];
}
