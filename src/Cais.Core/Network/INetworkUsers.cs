namespace Cais.Network;

/// <summary>
/// Who uses a network, asked by network inspect, ls, rm and prune. The network module does not read container records:
/// the containers module answers this, wired by the composition root.
/// </summary>
public interface INetworkUsers
{
    /// <summary>The containers configured on or attached to the network.</summary>
    IReadOnlyList<NetworkUser> On(NetworkRecord network);

    /// <summary>The containers in a network mode that has no record ("host", "none").</summary>
    IReadOnlyList<NetworkUser> InMode(string networkMode);
}
