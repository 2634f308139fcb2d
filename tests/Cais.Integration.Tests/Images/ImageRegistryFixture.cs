using System.Collections.Concurrent;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Images;

/// <summary>
/// One real registry per test class. Images are published on first use and reused by every later test, because
/// skopeo pushes are the slowest part of setting up and the pushed content never changes (builders are reproducible).
/// </summary>
public sealed class ImageRegistryFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<PublishedImage>>> _published = new(StringComparer.Ordinal);
    private TestRegistry? _registry;

    public TestRegistry Registry => _registry ?? throw new InvalidOperationException("the registry is not started");

    public string Host => Registry.Host;

    public async Task InitializeAsync()
    {
        Requires.Root("docker-registry", "skopeo", "runc", "conmon");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        _registry = await TestRegistry.StartAsync(cts.Token);
    }

    /// <summary>Publishes <paramref name="build"/>'s image as "&lt;key&gt;:latest" once; later calls return the same image.</summary>
    public Task<PublishedImage> PublishAsync(string key, Func<OciImageBuilder> build) =>
        _published.GetOrAdd(key, k => new Lazy<Task<PublishedImage>>(async () =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            return await build().PublishAsync(Host, TestNames.For(k) + ":latest", cts.Token);
        })).Value;

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
