using Cais.Integration.Tests.Containers;
using Cais.Integration.Tests.Networking;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Completion;

/// <summary>
/// <c>source &lt;(cais completion bash)</c> in a real bash, its completion function driven as bash drives it
/// (COMP_LINE, COMP_POINT, COMP_WORDS, COMP_CWORD), offering the names of a real container, image and network; and the
/// zsh and fish scripts parse.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class ShellCompletionTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await fixture.RemoveAllAsync();
        await TestNetworks.RemoveAllAsync(fixture);
    }

    private string[] StateFlags => ["--root", fixture.Cais.Root, "--runroot", fixture.Cais.RunRoot];

    /// <summary>What bash's TAB offers after <paramref name="words"/> (the last is the partial word, "" for a new one).</summary>
    private async Task<string[]> BashCompleteAsync(params string[] words)
    {
        string[] all = [fixture.Cais.Binary, .. StateFlags, .. words];
        var line = string.Join(' ', all);

        // bash's own last word starts after the last '=' or ':' (COMP_WORDBREAKS); the words before it do not matter here.
        var partial = all[^1][(all[^1].LastIndexOfAny(['=', ':']) + 1)..];
        var quoted = string.Join(' ', all[..^1].Append(partial).Select(Quote));
        var script = $"""
            source <({Quote(fixture.Cais.Binary)} completion bash) || exit 3
            COMP_LINE={Quote(line)}
            COMP_POINT=${"{"}#COMP_LINE{"}"}
            COMP_WORDS=({quoted})
            COMP_CWORD={all.Length - 1}
            _cais_complete
            printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
            """;
        var result = await ExternalTool.RunAsync("bash", ["-c", script], CancellationToken.None);
        Assert.True(result.ExitCode == 0, $"bash failed: {result.Stderr}");
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [Fact]
    public async Task Bash_completes_commands_container_names_image_references_and_network_names()
    {
        var (network, _) = await TestNetworks.CreateAsync(fixture);
        var stopped = "cmpl-stopped-" + Guid.NewGuid().ToString("N")[..6];
        var running = "cmpl-running-" + Guid.NewGuid().ToString("N")[..6];
        await fixture.OkAsync("create", "--name", stopped, "--network", "none", fixture.Image, "true");
        await fixture.OkAsync("run", "-d", "--name", running, "--network", "none", fixture.Image, "sleep", "60");

        Assert.Contains("network", await BashCompleteAsync("netw"));
        Assert.Equal(["connect", "create"], await BashCompleteAsync("network", "c"));
        Assert.Contains("--network-alias", await BashCompleteAsync("run", "--network-"));

        var removable = await BashCompleteAsync("rm", "cmpl-");
        Assert.Equal([running, stopped], removable.Order(StringComparer.Ordinal));
        Assert.Equal([running], await BashCompleteAsync("stop", "cmpl-"));
        Assert.Equal([stopped], await BashCompleteAsync("start", "cmpl-s"));

        Assert.Contains(network, await BashCompleteAsync("network", "inspect", ""));
        Assert.Equal([network], await BashCompleteAsync("run", "--network", network[..^2]));

        // bash splits words at ':' and '=': it is offered the part after them.
        var tag = fixture.Image[(fixture.Image.LastIndexOf(':') + 1)..];
        Assert.Contains(tag, await BashCompleteAsync("run", "--rm", fixture.Image[..^1]));
        Assert.Equal([network], await BashCompleteAsync("create", "--network=" + network[..^2]));
    }

    [Fact]
    public async Task Completing_against_a_missing_state_root_offers_nothing_and_creates_nothing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "cais-no-state-" + Guid.NewGuid().ToString("N"));

        var result = await fixture.Cais.RunAsync(["__complete", "--", "--root", missing, "--runroot", missing + "-run", "rm", ""], stdin: null, ContainerFixture.Timeout);

        Assert.Equal(new CaisResult(0, ":4\n", ""), result);
        Assert.False(Directory.Exists(missing));
        Assert.False(Directory.Exists(missing + "-run"));
    }

    [Theory]
    [InlineData("zsh", "-n")]
    [InlineData("fish", "--no-execute")]
    public async Task Zsh_and_fish_scripts_parse(string shell, string checkFlag)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cais-completion-{Guid.NewGuid():N}.{shell}");
        await File.WriteAllTextAsync(file, await fixture.OkAsync("completion", shell));
        try
        {
            var result = await ExternalTool.RunAsync(shell, [checkFlag, file], CancellationToken.None);
            Assert.True(result.ExitCode == 0, $"{shell} {checkFlag}: {result.Stderr}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
