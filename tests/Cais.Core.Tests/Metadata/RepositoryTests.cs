using Cais.Common;
using Cais.Metadata;
using Cais.TestSupport;

namespace Cais.Core.Tests.Metadata;

public sealed class RepositoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ImageRecord Image(char c) => new()
    {
        Id = "sha256:" + new string(c, 64),
        ManifestDigest = "sha256:" + new string('f', 64),
        ManifestMediaType = "application/vnd.oci.image.manifest.v1+json",
        Layers = [],
    };

    private static ContainerRecord Container(string id, string name) => new()
    {
        Id = id,
        Name = name,
        ImageId = "sha256:" + new string('a', 64),
        ImageName = "busybox",
        Created = DateTimeOffset.UtcNow,
        Settings = new ContainerSettings(),
    };

    [Fact]
    public void Tag_moves_to_the_newest_image_and_old_image_keeps_other_names()
    {
        var repo = new ImageRepository(new MetadataStore(_dir.Combine("db")));
        repo.Save(Image('a'), [new ImageName("docker.io/library/x:latest", Image('a').Id, false), new ImageName("docker.io/library/x:1", Image('a').Id, false)]);
        repo.Save(Image('b'), [new ImageName("docker.io/library/x:latest", Image('b').Id, false)]);

        Assert.Equal(Image('b').Id, repo.Find("docker.io/library/x:latest")!.Id);
        Assert.Equal(["docker.io/library/x:1"], repo.NamesOf(Image('a').Id).Select(n => n.Name));
    }

    [Fact]
    public void Image_found_by_unique_id_prefix_and_ambiguous_prefix_is_an_error()
    {
        var repo = new ImageRepository(new MetadataStore(_dir.Combine("db")));
        repo.Save(Image('a'), []);
        repo.Save(Image('b'), []);

        Assert.Equal(Image('a').Id, repo.Find("aaaa")!.Id);
        Assert.Equal(Image('b').Id, repo.Find("sha256:bbbb")!.Id);
        Assert.Null(repo.Find("cccc"));
        Assert.Null(repo.Find("not-hex!"));
    }

    [Fact]
    public void Container_names_are_unique_with_dockers_conflict_message()
    {
        var repo = new ContainerRepository(new MetadataStore(_dir.Combine("db")));
        repo.Insert(Container(new string('1', 64), "web"));

        var error = Assert.Throws<EngineException>(() => repo.Insert(Container(new string('2', 64), "web")));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("The container name \"/web\" is already in use by container \"" + new string('1', 64), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Container_lookup_by_name_id_and_prefix()
    {
        var repo = new ContainerRepository(new MetadataStore(_dir.Combine("db")));
        var id = "ab" + new string('0', 62);
        repo.Insert(Container(id, "db"));
        repo.Insert(Container("ac" + new string('0', 62), "cache"));

        Assert.Equal(id, repo.Find("db")!.Id);
        Assert.Equal(id, repo.Find("/db")!.Id);
        Assert.Equal(id, repo.Find("ab0")!.Id);
        Assert.Equal(id, repo.Find(id)!.Id);
        Assert.Throws<EngineException>(() => repo.Find("a"));
        Assert.Null(repo.Find("zz"));
    }

    [Fact]
    public async Task Concurrent_inserts_from_many_connections_all_land()
    {
        var path = _dir.Combine("db");
        var tasks = Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            new ContainerRepository(new MetadataStore(path)).Insert(Container(i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), "c" + i))));
        await Task.WhenAll(tasks);

        Assert.Equal(20, new ContainerRepository(new MetadataStore(path)).List().Count);
    }

    [Fact]
    public void Mutate_changes_state_atomically()
    {
        var repo = new ContainerRepository(new MetadataStore(_dir.Combine("db")));
        var id = new string('9', 64);
        repo.Insert(Container(id, "m"));

        var updated = repo.Mutate(id, r => r with { State = r.State with { Status = ContainerStatus.Running, Pid = 42 } });

        Assert.Equal(ContainerStatus.Running, updated!.State.Status);
        Assert.Equal(42, repo.GetById(id)!.State.Pid);
        Assert.Null(repo.Mutate(new string('8', 64), r => r));
    }
}
