namespace Cais.Network;

/// <summary>A network's NAT and filter rules, installed once when its bridge comes up and removed with the network.</summary>
public interface INetworkFirewall
{
    /// <summary>Installs whatever of the network's rules is missing; safe to repeat.</summary>
    Task EnsureAsync(NetworkRecord network, CancellationToken cancellationToken);

    /// <summary>
    /// A cheap probe that the network's rules are still hooked in (a firewall reload or `iptables -F` removes them while
    /// the bridge stays up); false means <see cref="EnsureAsync"/> is due.
    /// </summary>
    Task<bool> IsInPlaceAsync(NetworkRecord network, CancellationToken cancellationToken);

    /// <summary>Removes the network's rules; missing ones are fine.</summary>
    Task RemoveAsync(NetworkRecord network, CancellationToken cancellationToken);
}
