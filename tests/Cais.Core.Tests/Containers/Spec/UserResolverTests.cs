using System.Diagnostics;
using Cais.Common;
using Cais.Containers.Spec;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers.Spec;

public sealed class UserResolverTests : IDisposable
{
    private const string Passwd = """
        root:x:0:0:root:/root:/bin/sh
        # a comment
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        app:x:1000:1000::/home/app:/bin/sh
        huge:x:4294967296:0::/:/bin/sh
        broken line
        """;

    private const string Group = """
        root:x:0:root
        wheel:x:10:root,app
        app:x:1000:
        docker:x:999:app
        video:x:44:
        """;

    private readonly TempDirectory _rootfs = new("spec-user");

    public UserResolverTests()
    {
        Directory.CreateDirectory(_rootfs.Combine("etc"));
    }

    public void Dispose() => _rootfs.Dispose();

    private CancellationToken Ct => CancellationToken.None;

    private void WriteDefaults()
    {
        File.WriteAllText(_rootfs.Combine("etc", "passwd"), Passwd);
        File.WriteAllText(_rootfs.Combine("etc", "group"), Group);
    }

    private Task<ResolvedUser> Resolve(string? user) => UserResolver.ResolveAsync(_rootfs.Path, user, Ct);

    [Fact]
    public async Task Default_is_root_with_its_groups()
    {
        WriteDefaults();

        var user = await Resolve(null);

        Assert.Equal(0u, user.Uid);
        Assert.Equal(0u, user.Gid);
        Assert.Equal([0u, 10u], user.AdditionalGids);
    }

    [Fact]
    public async Task Name_resolves_uid_primary_gid_and_supplementary_groups()
    {
        WriteDefaults();

        var user = await Resolve("app");

        Assert.Equal(1000u, user.Uid);
        Assert.Equal(1000u, user.Gid);
        Assert.Equal([1000u, 10u, 999u], user.AdditionalGids);
    }

    [Fact]
    public async Task Numeric_uid_known_to_passwd_gets_its_groups()
    {
        WriteDefaults();

        var user = await Resolve("1000");

        Assert.Equal((1000u, 1000u), (user.Uid, user.Gid));
        Assert.Contains(999u, user.AdditionalGids);
    }

    [Theory]
    [InlineData("app:video", 1000u, 44u)]
    [InlineData("app:5", 1000u, 5u)]
    [InlineData("1000:video", 1000u, 44u)]
    [InlineData("4242:4343", 4242u, 4343u)]
    [InlineData("daemon", 1u, 1u)]
    public async Task Explicit_group_sets_gid_and_only_it(string spec, uint uid, uint gid)
    {
        WriteDefaults();

        var user = await Resolve(spec);

        Assert.Equal((uid, gid), (user.Uid, user.Gid));
        Assert.Equal(gid, user.AdditionalGids[0]);
        if (spec.Contains(':', StringComparison.Ordinal))
        {
            Assert.Equal([gid], user.AdditionalGids);
        }
    }

    [Fact]
    public async Task Missing_passwd_is_fine_for_numeric_ids()
    {
        var user = await Resolve("1234:5678");

        Assert.Equal((1234u, 5678u), (user.Uid, user.Gid));
        Assert.Equal([5678u], user.AdditionalGids);
        Assert.Equal(0u, (await Resolve("77")).Gid);
    }

    [Fact]
    public async Task Unknown_name_is_rejected_with_dockers_message()
    {
        WriteDefaults();

        var error = await Assert.ThrowsAsync<EngineException>(() => Resolve("nobody"));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("unable to find user nobody: no matching entries in passwd file", error.Message);
    }

    [Fact]
    public async Task Unknown_group_is_rejected()
    {
        WriteDefaults();

        var error = await Assert.ThrowsAsync<EngineException>(() => Resolve("app:nogroup"));

        Assert.Equal("unable to find group nogroup: no matching entries in group file", error.Message);
    }

    [Theory]
    [InlineData("4294967296")]
    [InlineData("2147483648")]
    [InlineData("0:4294967296")]
    [InlineData("-1")]
    [InlineData("99999999999999999999999")]
    public async Task Ids_above_int32_are_rejected(string spec)
    {
        WriteDefaults();

        var error = await Assert.ThrowsAsync<EngineException>(() => Resolve(spec));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("0-2147483647", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Largest_valid_id_is_accepted_and_out_of_range_passwd_lines_are_ignored()
    {
        WriteDefaults();

        Assert.Equal(2147483647u, (await Resolve("2147483647")).Uid);
        await Assert.ThrowsAsync<EngineException>(() => Resolve("huge"));
    }

    [Fact]
    public async Task Absolute_symlink_to_a_host_file_resolves_inside_the_rootfs()
    {
        // A canary passwd on the host, outside the rootfs, naming a user the image does not have.
        using var host = new TempDirectory("spec-host");
        var canary = host.Combine("passwd");
        File.WriteAllText(canary, "canary:x:4321:4321::/:/bin/sh\n");
        File.CreateSymbolicLink(_rootfs.Combine("etc", "passwd"), canary);

        var error = await Assert.ThrowsAsync<EngineException>(() => Resolve("canary"));
        Assert.StartsWith("unable to find user canary", error.Message, StringComparison.Ordinal);

        // The same absolute target, recreated inside the rootfs, is what gets read.
        Directory.CreateDirectory(_rootfs.Path + host.Path);
        File.WriteAllText(_rootfs.Path + canary, "canary:x:55:66::/:/bin/sh\n");
        var user = await Resolve("canary");
        Assert.Equal((55u, 66u), (user.Uid, user.Gid));
    }

    [Fact]
    public async Task Relative_symlink_climbing_out_is_clamped_at_the_rootfs()
    {
        using var host = new TempDirectory("spec-host");
        File.WriteAllText(host.Combine("passwd"), "canary:x:4321:4321::/:/bin/sh\n");
        var climb = string.Concat(Enumerable.Repeat("../", 30));
        File.CreateSymbolicLink(_rootfs.Combine("etc", "passwd"), climb + host.Path.TrimStart('/') + "/passwd");

        await Assert.ThrowsAsync<EngineException>(() => Resolve("canary"));
    }

    [Fact]
    public async Task Symlinked_directory_inside_the_rootfs_is_followed()
    {
        Directory.Delete(_rootfs.Combine("etc"));
        Directory.CreateDirectory(_rootfs.Combine("real", "etc"));
        File.WriteAllText(_rootfs.Combine("real", "etc", "passwd"), Passwd);
        File.CreateSymbolicLink(_rootfs.Combine("etc"), "/real/etc");

        Assert.Equal(1000u, (await Resolve("app")).Uid);
    }

    [Fact]
    public async Task Symlink_loop_fails_instead_of_spinning()
    {
        File.CreateSymbolicLink(_rootfs.Combine("etc", "passwd"), "/etc/passwd");

        var error = await Assert.ThrowsAsync<EngineException>(() => Resolve("app"));
        Assert.Contains("symbolic links", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fifo_passwd_is_refused_without_hanging()
    {
        var fifo = _rootfs.Combine("etc", "passwd");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync(Ct);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Numeric users too: a hostile file must not be silently skipped into a hang either.
        foreach (var spec in new[] { "app", "1000" })
        {
            var resolving = Task.Run(() => Resolve(spec), Ct);
            var error = await Assert.ThrowsAsync<EngineException>(() => resolving.WaitAsync(TimeSpan.FromSeconds(20), Ct));
            Assert.Equal("/etc/passwd in the container image is not a regular file", error.Message);
        }
    }

    [Fact]
    public void Sync_resolver_applies_the_same_rules()
    {
        WriteDefaults();

        Assert.Equal([1000u, 10u, 999u], UserResolver.Resolve(_rootfs.Path, "app").AdditionalGids);
        Assert.Throws<EngineException>(() => UserResolver.Resolve(_rootfs.Path, "nobody"));
        Assert.Throws<EngineException>(() => UserResolver.Resolve(_rootfs.Path, "4294967296"));

        File.WriteAllText(_rootfs.Combine("etc", "passwd"), new string('#', UserResolver.MaxFileBytes + 1));
        Assert.Throws<EngineException>(() => UserResolver.Resolve(_rootfs.Path, "0"));
    }

    [Fact]
    public async Task Oversized_passwd_is_refused()
    {
        WriteDefaults();
        await using (var file = File.Open(_rootfs.Combine("etc", "passwd"), FileMode.Append))
        {
            var line = "x:x:1:1::/:/bin/sh\n"u8.ToArray();
            for (var written = 0; written < 5 * 1024 * 1024; written += line.Length)
            {
                file.Write(line);
            }
        }

        var error = await Assert.ThrowsAsync<EngineException>(() => Resolve("app"));

        Assert.Contains("larger than 1048576 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_group_is_refused()
    {
        WriteDefaults();
        File.WriteAllText(_rootfs.Combine("etc", "group"), new string('#', UserResolver.MaxFileBytes + 1));

        await Assert.ThrowsAsync<EngineException>(() => Resolve("app"));
    }

    [Fact]
    public async Task Passwd_that_is_a_directory_is_refused()
    {
        Directory.CreateDirectory(_rootfs.Combine("etc", "passwd"));

        await Assert.ThrowsAsync<EngineException>(() => Resolve("app"));
    }
}
