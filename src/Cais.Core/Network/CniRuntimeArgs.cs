using System.Text.Json.Nodes;

namespace Cais.Network;

/// <summary>
/// Per-container parameters of one CNI call: the environment variables of the spec plus capability arguments
/// (e.g. "portMappings"), which reach only plugins that declare the capability, as runtimeConfig.
/// </summary>
public sealed record CniRuntimeArgs
{
    public required string ContainerId { get; init; }

    public required string NetnsPath { get; init; }

    public string InterfaceName { get; init; } = "eth0";

    /// <summary>CNI_ARGS key/value pairs, e.g. ("IP", "10.88.0.5") for a static address.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Args { get; init; } = [];

    public IReadOnlyDictionary<string, JsonNode> Capabilities { get; init; } = new Dictionary<string, JsonNode>();

    /// <summary>CNI_ARGS as the spec formats it; IgnoreUnknown lets plugins that do not know a key (tuning, firewall) accept it.</summary>
    public string FormatArgs() =>
        Args.Count == 0 ? "" : string.Join(';', new[] { "IgnoreUnknown=1" }.Concat(Args.Select(a => $"{a.Key}={a.Value}")));
}
