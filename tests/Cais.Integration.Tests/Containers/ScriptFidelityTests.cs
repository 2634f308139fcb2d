using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>
/// What a script reads from the real binary where it would read Docker's answer (each case checked against the docker
/// CLI 28.2.2 with a private dockerd): exit codes and messages for missing objects, client-side errors, -it without a
/// terminal, relative bind sources, exec --privileged and ps's COMMAND quoting.
/// </summary>
public sealed class ScriptFidelityTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    private const string NoContainer = "Error response from daemon: No such container: nosuch\n";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    public static TheoryData<string[], int, string, string> MissingObjects => new()
    {
        { ["rm", "nosuch"], 1, "", NoContainer },
        { ["rm", "-f", "nosuch"], 0, "", NoContainer },
        { ["stop", "nosuch"], 1, "", NoContainer },
        { ["kill", "nosuch"], 1, "", NoContainer },
        { ["start", "nosuch"], 1, "", NoContainer + "Error: failed to start containers: nosuch\n" },
        { ["wait", "nosuch"], 1, "", NoContainer },
        { ["logs", "nosuch"], 1, "", NoContainer },
        { ["exec", "nosuch", "true"], 1, "", NoContainer },
        { ["port", "nosuch"], 1, "", NoContainer },
        { ["inspect", "nosuch"], 1, "[]\n", "Error: No such object: nosuch\n" },
        { ["container", "inspect", "nosuch"], 1, "[]\n", NoContainer },
        { ["image", "inspect", "nosuch"], 1, "[]\n", "Error response from daemon: No such image: nosuch:latest\n" },
        { ["network", "inspect", "nosuch"], 1, "[]\n", "Error response from daemon: network nosuch not found\n" },
        { ["rmi", "nosuch"], 1, "", "Error response from daemon: No such image: nosuch:latest\n" },
        { ["rmi", "-f", "nosuch"], 0, "", "Error response from daemon: No such image: nosuch:latest\n" },
        { ["network", "rm", "nosuch"], 1, "", "Error response from daemon: network nosuch not found\nexit status 1\n" },
        { ["network", "rm", "-f", "nosuch"], 0, "", "" },
        { ["create", "--name", "bad name!", "img"], 125, "", "cais: Error response from daemon: Invalid container name (bad name!), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n" },
        { ["run", "-p", "abc", "img"], 125, "", "cais: invalid containerPort: abc\n\nRun 'cais run --help' for more information\n" },
        { ["run", "-v", ":/x", "img"], 125, "", "cais: invalid spec: :/x: empty section between colons\n\nRun 'cais run --help' for more information\n" },
        { ["run", "BAD:Image"], 125, "", "cais: invalid reference format: repository name (library/BAD) must be lowercase\n\nRun 'cais run --help' for more information\n" },
    };

    [Theory]
    [MemberData(nameof(MissingObjects))]
    public async Task Each_verb_answers_as_docker_28_does(string[] args, int exitCode, string stdout, string stderr)
    {
        var result = await fixture.RunAsync([.. args.Select(a => a == "img" ? fixture.Image : a)]);

        Assert.Equal((exitCode, stdout, stderr), (result.ExitCode, result.Stdout, result.Stderr));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Several_targets_go_on_past_the_missing_ones()
    {
        var name = TestNames.For("fidelity-multi");
        await fixture.OkAsync("create", "--name", name, "--network", "none", fixture.Image, "true");

        var result = await fixture.RunAsync("rm", "nosuch", name, "nosuch2");

        Assert.Equal((1, name + "\n", NoContainer + NoContainer.Replace("nosuch", "nosuch2", StringComparison.Ordinal)),
            (result.ExitCode, result.Stdout, result.Stderr));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Run_it_without_a_terminal_fails_at_once_and_creates_nothing()
    {
        var result = await fixture.RunAsync("run", "-it", "--network", "none", fixture.Image, "sh");

        Assert.Equal((1, "", "the input device is not a TTY\n"), (result.ExitCode, result.Stdout, result.Stderr));
        await fixture.AssertNothingLeftAsync();
        // -t alone, and -itd, need no terminal on stdin.
        Assert.Equal(0, (await fixture.RunAsync("run", "--rm", "-t", "--network", "none", fixture.Image, "true")).ExitCode);
    }

    [Fact]
    public async Task Exec_it_without_a_terminal_fails_at_once()
    {
        var name = TestNames.For("fidelity-exec-it");
        await fixture.OkAsync("run", "-d", "--name", name, "--network", "none", fixture.Image, "sleep", "1000");

        var result = await fixture.RunAsync("exec", "-it", name, "sh");

        Assert.Equal((1, "", "the input device is not a TTY\n"), (result.ExitCode, result.Stdout, result.Stderr));
        await fixture.OkAsync("rm", "-f", name);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Relative_bind_sources_are_made_absolute_against_the_working_directory()
    {
        using var dir = new TempDirectory("cais-relbind");
        var work = Directory.CreateDirectory(dir.Combine("work", "sub")).Parent!.FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "sub", "f"), "hi\n");
        var from = Path.Combine(work, "sub");

        Assert.Equal("hi", await RunInAsync(from, "run", "--rm", "--network", "none", "-v", "./:/x", fixture.Image, "cat", "/x/f"));
        Assert.Equal("hi", await RunInAsync(from, "run", "--rm", "--network", "none", "-v", ".:/x:ro", fixture.Image, "cat", "/x/f"));
        Assert.Equal("hi", await RunInAsync(from, "run", "--rm", "--network", "none", "-v", "../sub:/x", fixture.Image, "cat", "/x/f"));
        var id = await RunInAsync(work, "create", "--network", "none", "-v", "./sub:/x", fixture.Image, "true");
        Assert.Equal($"[\"{from}:/x\"]", await fixture.InspectAsync(id, "{{json .HostConfig.Binds}}"));
        await fixture.OkAsync("rm", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Exec_privileged_gets_the_capabilities_run_privileged_gets()
    {
        var name = TestNames.For("fidelity-exec-priv");
        await fixture.OkAsync("run", "-d", "--name", name, "--network", "none", fixture.Image, "sleep", "1000");
        var hostBounding = Mask((await File.ReadAllLinesAsync("/proc/self/status")).Single(l => l.StartsWith("CapBnd:", StringComparison.Ordinal)));

        var plain = Mask(await fixture.OkAsync("exec", name, "grep", "CapEff", "/proc/self/status"));
        var privileged = Mask(await fixture.OkAsync("exec", "--privileged", name, "grep", "CapEff", "/proc/self/status"));
        var runPrivileged = Mask(await fixture.ShAsync("grep CapEff /proc/self/status", "--privileged", "--network", "none"));

        Assert.Equal(0xa80425fbUL & hostBounding, plain);
        Assert.Equal(runPrivileged, privileged);
        Assert.Equal(hostBounding, privileged);
        await fixture.OkAsync("rm", "-f", name);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Ps_quotes_the_command_as_docker_does()
    {
        var shortName = TestNames.For("fidelity-ps-short");
        var longName = TestNames.For("fidelity-ps-long");
        await fixture.RunAsync("run", "--name", shortName, "--network", "none", fixture.Image, "sh", "-c", "exit 2");
        await fixture.RunAsync("run", "--name", longName, "--network", "none", fixture.Image, "sh", "-c", "echo \"a b\" averyveryverylongargument");

        Assert.Equal("\"sh -c 'exit 2'\"", await fixture.OkAsync("ps", "-a", "--filter", "name=" + shortName, "--format", "{{.Command}}"));
        Assert.Equal("\"sh -c 'echo \\\"a b\\\" a…\"", await fixture.OkAsync("ps", "-a", "--filter", "name=" + longName, "--format", "{{.Command}}"));
        Assert.Equal("\"sh -c 'echo \\\"a b\\\" averyveryverylongargument'\"",
            await fixture.OkAsync("ps", "-a", "--no-trunc", "--filter", "name=" + longName, "--format", "{{.Command}}"));
        Assert.Contains("\"Command\":\"\\\"sh -c 'exit 2'\\\"\"", await fixture.OkAsync("ps", "-a", "--filter", "name=" + shortName, "--format", "json"), StringComparison.Ordinal);
        Assert.Contains("\"sh -c 'exit 2'\"", await fixture.OkAsync("ps", "-a", "--filter", "name=" + shortName), StringComparison.Ordinal);
        await fixture.OkAsync("rm", shortName, longName);
        await fixture.AssertNothingLeftAsync();
    }

    private static ulong Mask(string statusLine) =>
        ulong.Parse(statusLine[(statusLine.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>Runs cais from <paramref name="directory"/> (the fixture's runner keeps the test's own), asserting success.</summary>
    private async Task<string> RunInAsync(string directory, params string[] args)
    {
        var cais = fixture.Cais;
        var start = new ProcessStartInfo(cais.Binary)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[] { "--root", cais.Root, "--runroot", cais.RunRoot }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOCKER_CONFIG"] = cais.DockerConfig;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start cais");
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(ContainerFixture.Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"cais {string.Join(' ', args)} in {directory}: exit {process.ExitCode}: {await stderr}");
        return (await stdout).TrimEnd('\n');
    }
}
