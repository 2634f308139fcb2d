using Cais.Network;
using Cais.Network.Sandbox;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Network;

/// <summary>The sandbox contract's namespace half, on real namespaces made under the test's own directory.</summary>
public sealed class NetworkSandboxLifecycleTests : IDisposable
{
    private readonly TempDirectory _temp = new("cais-sandbox");

    public void Dispose() => _temp.Dispose();

    private NetworkSandboxes Sandboxes() => new(null, new NetworkSandboxOptions
    {
        NamespaceDirectory = _temp.Combine("netns"),
        PortsLockPath = _temp.Combine("ports.lock"),
    });

    [Fact]
    public async Task Ensure_keeps_an_existing_namespace_and_tear_down_is_safe_to_repeat()
    {
        Requires.Root();
        var sandboxes = Sandboxes();
        var path = await sandboxes.EnsureAsync("pod1", CancellationToken.None);
        try
        {
            Assert.Equal(sandboxes.NamespacePath("pod1"), path);
            Assert.True(NetworkNamespace.Exists(path));
            Assert.Equal(path, await sandboxes.EnsureAsync("pod1", CancellationToken.None));
            Assert.True(NetworkNamespace.Exists(path));

            var teardown = new SandboxTeardown { SandboxId = "pod1" };
            await sandboxes.TearDownAsync(teardown, CancellationToken.None);
            Assert.False(File.Exists(path));
            await sandboxes.TearDownAsync(teardown, CancellationToken.None);
        }
        finally
        {
            NetworkNamespace.Delete(path);
        }
    }

    [Fact]
    public async Task Ensure_replaces_the_empty_file_a_crash_before_the_mount_leaves()
    {
        Requires.Root();
        var sandboxes = Sandboxes();
        var path = sandboxes.NamespacePath("crashed");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, []);
        try
        {
            await sandboxes.EnsureAsync("crashed", CancellationToken.None);

            Assert.True(NetworkNamespace.Exists(path));
        }
        finally
        {
            NetworkNamespace.Delete(path);
        }
    }
}
