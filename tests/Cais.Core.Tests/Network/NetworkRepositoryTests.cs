using Cais.Common;
using Cais.Metadata;
using Cais.Network;
using Cais.TestSupport;

namespace Cais.Core.Tests.Network;

public sealed class NetworkRepositoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static NetworkRecord Network(string id, string name, string subnet = "10.222.1.0/24") => new()
    {
        Id = id,
        Name = name,
        Subnet = subnet,
        Gateway = "10.222.1.1",
        BridgeName = NetworkRecord.BridgeNameFor(id),
        Labels = new Dictionary<string, string> { ["team"] = "a" },
        Created = DateTimeOffset.UtcNow,
    };

    [Fact]
    public void Names_are_unique_with_dockers_message()
    {
        var repo = new NetworkRepository(new MetadataStore(_dir.Combine("db")));
        repo.Insert(Network(new string('1', 64), "front"));

        var error = Assert.Throws<EngineException>(() => repo.Insert(Network(new string('2', 64), "front")));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal("network with name front already exists", error.Message);
    }

    [Fact]
    public void Lookup_by_id_name_and_prefix_and_round_trip_of_fields()
    {
        var repo = new NetworkRepository(new MetadataStore(_dir.Combine("db")));
        var id = "ab" + new string('0', 62);
        var stored = Network(id, "front") with { Internal = true };
        repo.Insert(stored);
        repo.Insert(Network("ac" + new string('0', 62), "back"));

        var found = repo.Find("front")!;
        Assert.Equal(id, found.Id);
        Assert.True(found.Internal);
        Assert.Equal("a", found.Labels["team"]);
        Assert.Equal("cais-ab00000000", found.BridgeName);
        Assert.Equal(id, repo.Find("ab0")!.Id);
        Assert.Equal(id, repo.GetById(id)!.Id);
        Assert.Throws<EngineException>(() => repo.Find("a"));
        Assert.Null(repo.Find("zz"));
        Assert.Equal(["front", "back"], repo.List().Select(n => n.Name));
    }

    [Fact]
    public void Delete_removes_and_frees_the_name()
    {
        var repo = new NetworkRepository(new MetadataStore(_dir.Combine("db")));
        var id = new string('3', 64);
        repo.Insert(Network(id, "front"));

        Assert.True(repo.Delete(id));
        Assert.False(repo.Delete(id));
        Assert.Null(repo.GetByName("front"));
        repo.Insert(Network(new string('4', 64), "front"));
    }

    [Fact]
    public void Bridge_names_fit_ifnamsiz()
    {
        Assert.Equal(15, NetworkRecord.BridgeNameFor(Ids.NewId()).Length);
        Assert.StartsWith("cais-", NetworkRecord.BridgeNameFor(Ids.NewId()), StringComparison.Ordinal);
    }
}
