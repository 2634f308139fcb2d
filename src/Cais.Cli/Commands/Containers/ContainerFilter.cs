using System.Globalization;
using Cais.Common;
using Cais.Containers;
using Cais.Hosting;
using Cais.Metadata;

namespace Cais.Cli.Commands.Containers;

/// <summary>One <c>ps --filter key=value</c>: id, name, status, exited, label, ancestor, network, as Docker defines them.</summary>
public sealed record ContainerFilter(string Key, string Value)
{
    private static readonly string[] s_statuses = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];

    public static ContainerFilter Parse(string text)
    {
        var (key, value) = FilterSyntax.Split(text);
        var filter = new ContainerFilter(key, value);
        if (filter.Key is not ("id" or "name" or "status" or "exited" or "label" or "ancestor" or "network"))
        {
            throw EngineException.Invalid($"invalid filter '{filter.Key}'");
        }

        if (filter.Key == "status" && !s_statuses.Contains(filter.Value))
        {
            throw EngineException.Invalid($"invalid filter 'status={filter.Value}'");
        }

        return filter;
    }

    public bool Matches(ContainerRecord c, Engine engine) => Key switch
    {
        "id" => c.Id.StartsWith(Value, StringComparison.Ordinal),
        "name" => c.Name.Contains(Value.TrimStart('/'), StringComparison.Ordinal),
        "status" => c.State.Status.ToDockerName() == Value,
        "exited" => c.State.Status == ContainerStatus.Exited && int.TryParse(Value, CultureInfo.InvariantCulture, out var code) && c.State.ExitCode == code,
        "label" => Value.Split('=', 2) is var kv && c.Settings.Labels.TryGetValue(kv[0], out var v) && (kv.Length == 1 || v == kv[1]),
        "ancestor" => c.ImageName == Value || engine.Images.Find(Value)?.Id == c.ImageId,
        // A network's name, or its ID (full or prefix) among the networks the container joins.
        "network" => c.Settings.Networks.Any(n => n.Network == Value || (engine.NetworkRecords.GetByName(n.Network)?.Id.StartsWith(Value, StringComparison.Ordinal) ?? false))
            || (!ContainerService.IsBridgeMode(c.Settings.NetworkMode) && c.Settings.NetworkMode == Value),
        _ => false,
    };
}
