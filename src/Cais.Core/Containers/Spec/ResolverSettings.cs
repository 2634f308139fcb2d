namespace Cais.Containers.Spec;

/// <summary>What a container's /etc/resolv.conf is made of besides the host's file.</summary>
public sealed record ResolverSettings
{
    /// <summary>--dns: replaces the host's nameservers (ignored when <see cref="EmbeddedResolver"/> is set: it forwards to them).</summary>
    public IReadOnlyList<string> Nameservers { get; init; } = [];

    /// <summary>--dns-search: replaces the host's search domains.</summary>
    public IReadOnlyList<string> Search { get; init; } = [];

    /// <summary>--dns-option: replaces the host's options.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The embedded resolver's address (the network's gateway) on user-defined networks.</summary>
    public string? EmbeddedResolver { get; init; }
}
