namespace Cais.Api;

/// <summary>GET /networks/{id}, and one element of GET /networks: a network and the containers on it.</summary>
public sealed record NetworkResource
{
    public string Name { get; init; } = "";

    public string Id { get; init; } = "";

    public string Created { get; init; } = "";

    public string Scope { get; init; } = "";

    public string Driver { get; init; } = "";

    public bool EnableIPv6 { get; init; }

    public Ipam? IPAM { get; init; }

    public bool Internal { get; init; }

    public bool Attachable { get; init; }

    public bool Ingress { get; init; }

    public ConfigReference? ConfigFrom { get; init; }

    public bool ConfigOnly { get; init; }

    /// <summary>Container ID -> its endpoint on this network.</summary>
    public IReadOnlyDictionary<string, EndpointResource>? Containers { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
