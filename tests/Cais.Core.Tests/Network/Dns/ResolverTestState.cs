using System.Globalization;
using Cais.Metadata;
using Cais.Network;
using Cais.TestSupport;

namespace Cais.Core.Tests.Network.Dns;

/// <summary>A temporary metadata store with helpers to put networks and containers in it.</summary>
internal sealed class ResolverTestState : IDisposable
{
    private readonly TempDirectory _dir = new("cais-dns");
    private int _next;

    public ResolverTestState()
    {
        var store = new MetadataStore(_dir.Combine("root", "cais.db"));
        Networks = new NetworkRepository(store);
        Containers = new ContainerRepository(store);
        RunRoot = _dir.Combine("run");
        Directory.CreateDirectory(RunRoot);
    }

    public NetworkRepository Networks { get; }

    public ContainerRepository Containers { get; }

    public string RunRoot { get; }

    public string Combine(params string[] parts) => _dir.Combine(parts);

    public NetworkRecord AddNetwork(string name, string gateway, string subnet = "127.0.0.0/8", bool isInternal = false)
    {
        var id = Convert.ToHexStringLower(BitConverter.GetBytes(Interlocked.Increment(ref _next))) + new string('a', 56);
        var record = new NetworkRecord
        {
            Id = id,
            Name = name,
            Subnet = subnet,
            Gateway = gateway,
            BridgeName = NetworkRecord.BridgeNameFor(id),
            Internal = isInternal,
            Created = DateTimeOffset.UtcNow,
        };
        Networks.Insert(record);
        return record;
    }

    public ContainerRecord AddContainer(string name, string status, params (NetworkRecord Network, string Ip, string[] Aliases)[] endpoints) =>
        AddContainer(name, status, [], endpoints);

    public ContainerRecord AddContainer(string name, string status, IReadOnlyList<string> dns, params (NetworkRecord Network, string Ip, string[] Aliases)[] endpoints)
    {
        var n = Interlocked.Increment(ref _next);
        var record = new ContainerRecord
        {
            Id = n.ToString("x12", CultureInfo.InvariantCulture) + new string('b', 52),
            Name = name,
            ImageId = "sha256:" + new string('0', 64),
            ImageName = "busybox",
            Created = DateTimeOffset.UtcNow,
            Settings = new ContainerSettings { Dns = dns },
            State = new ContainerStateRecord
            {
                Status = ContainerStatusNames.TryParse(status, out var parsed) ? parsed : throw new ArgumentException(status),
                Endpoints = endpoints.Select(e => new NetworkEndpointRecord
                {
                    NetworkId = e.Network.Id,
                    NetworkName = e.Network.Name,
                    IPAddress = e.Ip,
                    Aliases = e.Aliases,
                }).ToList(),
            },
        };
        Containers.Insert(record);
        return record;
    }

    /// <summary>What the engine does when a container stops: the endpoints go with its run.</summary>
    public void Stop(ContainerRecord container) =>
        Containers.Mutate(container.Id, r => r with { State = r.State with { Status = ContainerStatus.Exited, Endpoints = [] } });

    public void Dispose() => _dir.Dispose();
}
