using System.Text.Json.Nodes;

namespace Cais.Network.Ports;

/// <summary>
/// The CNI <c>portmap</c> plugin's input: the "portMappings" capability passed in runtimeConfig
/// (<c>{"hostPort":8080,"containerPort":80,"protocol":"tcp","hostIP":"127.0.0.1"}</c>).
/// </summary>
public static class PortMappingConfig
{
    /// <summary>
    /// The runtimeConfig object, <c>{"portMappings":[...]}</c>. "hostIP" is left out for bindings on every address,
    /// which portmap then applies to all host addresses of the container's IP family.
    /// </summary>
    /// <exception cref="ArgumentException">A binding still needs its host port allocated.</exception>
    public static JsonObject ToCniRuntimeConfig(IEnumerable<PortBinding> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var mappings = new JsonArray();
        foreach (var binding in bindings)
        {
            if (binding.NeedsAllocation)
            {
                throw new ArgumentException(
                    $"binding for {binding.ContainerKey} has no allocated host port", nameof(bindings));
            }

            var mapping = new JsonObject
            {
                ["hostPort"] = JsonValue.Create(binding.HostPort),
                ["containerPort"] = JsonValue.Create(binding.ContainerPort),
                ["protocol"] = JsonValue.Create(binding.Protocol.ToName()),
            };
            if (binding.HostIp.Length != 0)
            {
                mapping["hostIP"] = JsonValue.Create(binding.HostIp);
            }

            mappings.Add((JsonNode)mapping);
        }

        return new JsonObject { ["portMappings"] = mappings };
    }

    /// <summary>The same runtimeConfig as compact JSON text.</summary>
    public static string ToCniRuntimeConfigJson(IEnumerable<PortBinding> bindings) =>
        ToCniRuntimeConfig(bindings).ToJsonString();
}
