using System.Text.RegularExpressions;
using Cais.TestSupport;
using Xunit.Sdk;

namespace Cais.Integration.Tests.TestSupport;

public sealed partial class SupportHelpersTests
{
    [Fact]
    public void Requires_fails_naming_the_missing_tool_and_the_setup_script()
    {
        var failure = Assert.Throws<FailException>(() => Requires.Tools("cais-no-such-tool-xyz"));
        Assert.Contains("cais-no-such-tool-xyz", failure.Message, StringComparison.Ordinal);
        Assert.Contains("run scripts/setup.sh", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requires_passes_when_tools_exist()
    {
        Requires.Tools("sh");
        Assert.NotNull(Requires.FindTool("sh"));
    }

    [Fact]
    public void TestNames_are_unique_lower_case_repository_components()
    {
        var a = TestNames.For("Pull_Resumes After--Cut!");
        var b = TestNames.For("Pull_Resumes After--Cut!");
        Assert.NotEqual(a, b);
        Assert.Matches(RepoComponent(), a);
        Assert.StartsWith("cais-pull-resumes-after-cut-", a, StringComparison.Ordinal);
        Assert.True(TestNames.For(new string('x', 500)).Length <= 63);
    }

    [Fact]
    public void Free_ports_are_bindable_and_RepoRoot_holds_the_solution()
    {
        var port = Ports.Free();
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start();
        Assert.True(File.Exists(Path.Combine(RepoRoot.Find(), "Cais.slnx")));
        Assert.True(File.Exists(UmociImages.FindScript()));
    }

    [GeneratedRegex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$")]
    private static partial Regex RepoComponent();
}
