using System.Diagnostics;
using System.Text;
using Xunit;

namespace Cais.TestSupport;

/// <summary>The result of one cais invocation.</summary>
public sealed record CaisResult(int ExitCode, string Stdout, string Stderr)
{
    public string Out => Stdout.TrimEnd('\n');

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

/// <summary>
/// Runs the published NativeAOT <c>cais</c> binary (the real product, as a user runs it) against a private state
/// root, and on dispose removes every container, checks that nothing is left mounted or running, and deletes the
/// state. Binary: $CAIS_BINARY, else out/cais in the repository (scripts/setup.sh publishes it).
/// </summary>
public sealed class CaisCli : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("cais-it");

    public CaisCli()
    {
        Requires.Root("runc", "conmon");
        Binary = Environment.GetEnvironmentVariable("CAIS_BINARY") is { Length: > 0 } fromEnv ? fromEnv : Path.Combine(RepoRoot.Find(), "out", "cais");
        if (!File.Exists(Binary))
        {
            Assert.Fail($"the cais binary is missing at {Binary}: run scripts/setup.sh (it publishes out/cais)");
        }

        Root = _dir.Combine("root");
        RunRoot = _dir.Combine("run");
        DockerConfig = _dir.Combine("docker-config");
        Directory.CreateDirectory(DockerConfig);
    }

    public string Binary { get; }

    public string Root { get; }

    public string RunRoot { get; }

    /// <summary>DOCKER_CONFIG for this instance, so logins never touch the real ~/.docker.</summary>
    public string DockerConfig { get; }

    public Task<CaisResult> RunAsync(params string[] args) => RunAsync(args, stdin: null, TimeSpan.FromMinutes(2));

    public async Task<CaisResult> RunAsync(IReadOnlyList<string> args, string? stdin, TimeSpan timeout, IReadOnlyDictionary<string, string>? env = null)
    {
        using var process = Start(args, env, redirectStdin: true);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cais {string.Join(' ', args)} did not finish within {timeout}");
        }

        return new CaisResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs and asserts success, returning trimmed stdout.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"cais {string.Join(' ', args)} failed: {result}");
        return result.Out;
    }

    /// <summary>Starts cais without waiting (for signal and concurrency tests).</summary>
    public Process Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? env = null, bool redirectStdin = false)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(Root);
        start.ArgumentList.Add("--runroot");
        start.ArgumentList.Add(RunRoot);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOCKER_CONFIG"] = DockerConfig;
        start.Environment["CAIS_BINARY"] = Binary;
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("cannot start cais");
    }

    /// <summary>Mount points under this instance's state (a leak if any remain after cleanup).</summary>
    public IReadOnlyList<string> Mounts() =>
        File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(p => p.StartsWith(_dir.Path, StringComparison.Ordinal)).ToList();

    /// <summary>conmon processes serving containers of this instance.</summary>
    public IReadOnlyList<int> ConmonProcesses() =>
        ProcessTable.Find(argv => argv[0].StartsWith("/usr/bin/conmon", StringComparison.Ordinal) && string.Join(' ', argv).Contains(RunRoot, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        try
        {
            var ids = await RunAsync("ps", "-aq", "--no-trunc");
            foreach (var id in ids.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await RunAsync("rm", "-f", id);
            }
        }
        finally
        {
            foreach (var pid in ConmonProcesses())
            {
                try
                {
                    Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                }
            }

            foreach (var mount in Mounts().OrderByDescending(m => m.Length))
            {
                using var umount = Process.Start("umount", ["-l", mount]);
                await umount.WaitForExitAsync();
            }

            _dir.Dispose();
        }
    }
}
