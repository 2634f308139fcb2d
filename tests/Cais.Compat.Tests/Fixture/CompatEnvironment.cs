using Cais.Compat.Tests.Harness;
using Cais.TestSupport;

namespace Cais.Compat.Tests.Fixture;

/// <summary>
/// What every case runs against: one loopback registry holding the umoci-built busybox, a private dockerd and a
/// private Cais state root that both pulled it from there, a working directory (for relative -v sources) with a bind
/// source and an env file, and a runner for each side. Starting fails (and with it every case) when dockerd cannot
/// start: the tier never skips.
/// </summary>
public sealed class CompatEnvironment : IAsyncLifetime
{
    /// <summary>The docker CLI whose behaviour is the reference: Docker 28 (not docker.io's 20.10 client in /usr/bin).</summary>
    public const string DefaultDockerClient = "/usr/local/bin/docker";

    private TestRegistry? _registry;
    private PrivateDockerd? _dockerd;
    private CaisCli? _cais;
    private TempDirectory? _work;

    public TestRegistry Registry => _registry ?? throw NotStarted();

    public string Image => $"{Registry.Host}/compat/busybox:latest";

    public string DockerClient { get; } = Environment.GetEnvironmentVariable("CAIS_COMPAT_DOCKER") is { Length: > 0 } client ? client : DefaultDockerClient;

    public Side DockerSide { get; private set; } = null!;

    public Side CaisSide { get; private set; } = null!;


    public Normaliser Normaliser { get; private set; } = null!;

    /// <summary>The working directory of both clients; holds <see cref="BindSource"/>, reldir/ and <see cref="EnvFile"/>.</summary>
    public string WorkDirectory => _work?.Path ?? throw NotStarted();

    public string BindSource => Path.Combine(WorkDirectory, "bind");

    public string EnvFile => Path.Combine(WorkDirectory, "env.list");

    public async Task InitializeAsync()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var token = cancel.Token;
        Requires.Root("runc", "conmon", "dockerd", "umoci", "skopeo");
        await RequireDocker28Async(token);

        _work = new TempDirectory("cais-compat");
        Directory.CreateDirectory(BindSource);
        await File.WriteAllTextAsync(Path.Combine(BindSource, "hello.txt"), "hello from the host\n", token);
        Directory.CreateDirectory(Path.Combine(WorkDirectory, "reldir"));
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "reldir", "relative.txt"), "relative\n", token);
        await File.WriteAllTextAsync(EnvFile, "# a comment\nFROM_FILE=1\nSPACED=a b\n", token);

        _registry = await TestRegistry.StartAsync(token);
        var pushed = await UmociImages.PublishBusyboxAsync(_registry.Host, "compat/busybox:latest", token);
        _dockerd = await PrivateDockerd.StartAsync(DockerClient, token);
        _cais = new CaisCli();

        var dockerConfig = Path.Combine(WorkDirectory, "docker-config");
        var caisConfig = Path.Combine(WorkDirectory, "cais-config");
        Directory.CreateDirectory(dockerConfig);
        Directory.CreateDirectory(caisConfig);
        var docker = new ProcessRunner(DockerClient, ["-H", _dockerd.Host], new Dictionary<string, string> { ["DOCKER_CONFIG"] = dockerConfig }, WorkDirectory);
        var cais = new ProcessRunner(_cais.Binary, ["--root", _cais.Root, "--runroot", _cais.RunRoot],
            new Dictionary<string, string> { ["DOCKER_CONFIG"] = caisConfig, ["CAIS_BINARY"] = _cais.Binary }, WorkDirectory);
        DockerSide = new Side("docker", docker);
        CaisSide = new Side("cais", cais);

        foreach (var side in new[] { docker, cais })
        {
            var pull = await side.RunAsync(["pull", "-q", Image], null, TimeSpan.FromMinutes(2));
            if (pull.ExitCode != 0)
            {
                throw new InvalidOperationException($"{side.Program} could not pull {Image}: {pull}");
            }
        }

        var id = await docker.RunAsync(["image", "inspect", "-f", "{{.Id}}", Image], null, TimeSpan.FromSeconds(30));
        Normaliser = new Normaliser(_registry.Host, id.Stdout.Trim(), pushed.Digest.ToString(),
            new Dictionary<string, string>(StringComparer.Ordinal) { [dockerConfig] = "<DOCKER_CONFIG>", [caisConfig] = "<DOCKER_CONFIG>" });
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (DockerSide is not null)
            {
                await SideCleaner.CleanAsync(DockerSide.Runner, Image, removeBaseImage: true);
            }
        }
        finally
        {
            if (_dockerd is not null)
            {
                await _dockerd.DisposeAsync();
            }

            if (_cais is not null)
            {
                if (CaisSide is not null)
                {
                    await SideCleaner.CleanAsync(CaisSide.Runner, Image, removeBaseImage: false);
                }

                await _cais.DisposeAsync();
            }

            if (_registry is not null)
            {
                await _registry.DisposeAsync();
            }

            _work?.Dispose();
        }
    }

    private async Task RequireDocker28Async(CancellationToken cancellationToken)
    {
        var version = File.Exists(DockerClient)
            ? await ExternalTool.RunAsync(DockerClient, ["version", "--format", "{{.Client.Version}}"], cancellationToken)
            : null;
        var text = version?.Stdout.Trim() ?? "";
        if (!text.StartsWith("28.", StringComparison.Ordinal))
        {
            Assert.Fail($"the compat tier compares with the Docker 28 client at {DockerClient} (or $CAIS_COMPAT_DOCKER), found \"{text}\" " +
                "(docker.io's /usr/bin/docker is 20.10, whose output is not the reference)");
        }
    }

    private static InvalidOperationException NotStarted() => new("the compat environment has not started");
}
