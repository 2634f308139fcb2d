using System.Text.RegularExpressions;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>
/// One real registry, the busybox test image published to it and pulled into one private cais state, shared by the
/// tests of a class (xunit runs a class's tests one after another, so they never see each other's containers).
/// </summary>
public sealed partial class ContainerFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private TestRegistry? _registry;

    public CaisCli Cais { get; private set; } = null!;

    /// <summary>The pulled busybox image ("127.0.0.1:PORT/cais-...:latest"); Cmd ["sh"].</summary>
    public string Image { get; private set; } = "";

    /// <summary>Registry host, for references to images that do not exist.</summary>
    public string RegistryHost => _registry!.Host;

    public async Task InitializeAsync()
    {
        Cais = new CaisCli();
        _registry = await TestRegistry.StartAsync(CancellationToken.None);
        var published = await TestImages.Busybox().PublishAsync(_registry.Host, TestNames.For("containers") + ":latest", CancellationToken.None);
        Image = published.Reference;
        await Cais.OkAsync("pull", "-q", Image);
    }

    public async Task DisposeAsync()
    {
        await Cais.DisposeAsync();
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    public Task<CaisResult> RunAsync(params string[] args) => Cais.RunAsync(args, stdin: null, Timeout);

    public Task<CaisResult> RunWithStdinAsync(string stdin, params string[] args) => Cais.RunAsync(args, stdin, Timeout);

    public Task<string> OkAsync(params string[] args) => Cais.OkAsync(args);

    /// <summary>Runs `cais run --rm IMAGE sh -c SCRIPT` with extra run flags first, asserting success; returns trimmed stdout.</summary>
    public async Task<string> ShAsync(string script, params string[] flags)
    {
        var result = await RunAsync([.. new[] { "run", "--rm" }, .. flags, Image, "sh", "-c", script]);
        Assert.True(result.ExitCode == 0, $"`{script}` failed: {result}");
        return result.Out;
    }

    public async Task<string> InspectAsync(string container, string format) => await OkAsync("inspect", "--format", format, container);

    /// <summary>
    /// No container record, no mount under the private state, no conmon of ours and no stray lock file. conmon runs
    /// the exit command before it exits, so its absence is awaited briefly.
    /// </summary>
    public async Task AssertNothingLeftAsync()
    {
        var ids = await OkAsync("ps", "-aq", "--no-trunc");
        Assert.True(ids.Length == 0, $"containers left: {ids}");
        Assert.Empty(Cais.Mounts());
        Assert.True(await EventuallyAsync(() => Cais.ConmonProcesses().Count == 0, TimeSpan.FromSeconds(10)),
            $"conmon processes left: {string.Join(", ", Cais.ConmonProcesses())}");
        var locks = Path.Combine(Cais.RunRoot, "locks");
        Assert.True(await EventuallyAsync(() => !Directory.Exists(locks) || Directory.GetFiles(locks).Length == 0, TimeSpan.FromSeconds(10)),
            $"lock files left: {string.Join(", ", Directory.Exists(locks) ? Directory.GetFiles(locks) : [])}");
        var netns = Path.Combine(Cais.RunRoot, "netns");
        Assert.True(!Directory.Exists(netns) || Directory.GetFiles(netns).Length == 0,
            $"network namespaces left: {string.Join(", ", Directory.Exists(netns) ? Directory.GetFiles(netns) : [])}");
        Assert.True(await EventuallyAsync(() => !File.Exists(Path.Combine(Cais.RunRoot, "dns", "control.sock")), TimeSpan.FromSeconds(10)),
            "the resolver of this state still runs with no container left");
        var containers = Path.Combine(Cais.RunRoot, "containers");
        Assert.True(!Directory.Exists(containers) || Directory.GetFileSystemEntries(containers).Length == 0,
            $"runtime directories left: {string.Join(", ", Directory.Exists(containers) ? Directory.GetFileSystemEntries(containers) : [])}");
    }

    /// <summary>Force-removes whatever a failed test left, so it does not also fail the next test of the class.</summary>
    public async Task RemoveAllAsync()
    {
        var ids = await RunAsync("ps", "-aq", "--no-trunc");
        foreach (var id in ids.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await RunAsync("rm", "-f", id);
        }
    }

    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    public static void AssertFullId(string id) => Assert.Matches(FullId(), id);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex FullId();
}
