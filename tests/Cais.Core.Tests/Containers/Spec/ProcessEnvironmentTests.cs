using Cais.Common;
using Cais.Containers.Spec;

namespace Cais.Core.Tests.Containers.Spec;

public sealed class ProcessEnvironmentTests
{
    [Fact]
    public void Image_without_path_gets_the_default_path_and_hostname()
    {
        var env = ProcessEnvironment.Build(null, [], "box", terminal: false);

        Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=box"], env);
    }

    [Fact]
    public void Image_path_replaces_default_and_user_overrides_image_by_key()
    {
        var env = ProcessEnvironment.Build(
            ["PATH=/opt/bin", "LANG=C", "MODE=image"],
            ["MODE=user", "EXTRA=1", "EQ=a=b"],
            "box",
            terminal: true);

        Assert.Equal(["PATH=/opt/bin", "HOSTNAME=box", "TERM=xterm", "LANG=C", "MODE=user", "EXTRA=1", "EQ=a=b"], env);
    }

    [Fact]
    public void User_can_override_hostname_and_term()
    {
        var env = ProcessEnvironment.Build(null, ["HOSTNAME=custom", "TERM=vt100"], "box", terminal: true);

        Assert.Contains("HOSTNAME=custom", env);
        Assert.Contains("TERM=vt100", env);
        Assert.DoesNotContain("HOSTNAME=box", env);
        Assert.DoesNotContain("TERM=xterm", env);
    }

    [Fact]
    public void No_term_without_terminal()
    {
        Assert.DoesNotContain(ProcessEnvironment.Build(null, [], "h", terminal: false), e => e.StartsWith("TERM=", StringComparison.Ordinal));
    }

    [Fact]
    public void Bare_user_key_removes_the_variable()
    {
        var env = ProcessEnvironment.Build(["SECRET=1", "KEEP=1"], ["SECRET"], "h", terminal: false);

        Assert.DoesNotContain(env, e => e.StartsWith("SECRET", StringComparison.Ordinal));
        Assert.Contains("KEEP=1", env);
    }

    [Fact]
    public void Empty_user_key_is_rejected()
    {
        var error = Assert.Throws<EngineException>(() => ProcessEnvironment.Build(null, ["=value"], "h", terminal: false));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public async Task Huge_image_environment_is_merged_in_linear_time()
    {
        // 100 000 image variables (plus user overrides, removals and image duplicates) once took over a minute of
        // CPU: each entry searched the whole list built so far (minutes for these 200 000). The bound is generous
        // for a loaded machine: it guards the class, it is no benchmark.
        const int count = 100_000;
        var image = Enumerable.Range(0, count).Select(i => $"VAR{i}=image{i}").Append("VAR7=duplicate").ToList();
        var user = new List<string> { "VAR5=user", "VAR9", "NEW=1", "VAR9=back" };
        user.AddRange(Enumerable.Range(count, count).Select(i => $"VAR{i}=user{i}"));

        var env = await Task.Run(() => ProcessEnvironment.Build(image, user, "h", terminal: false)).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(2 + count - 1 + 1 + 1 + count, env.Count);
        Assert.Equal("PATH=" + ProcessEnvironment.DefaultPath, env[0]);
        Assert.Equal("VAR0=image0", env[2]);
        Assert.Equal("VAR5=user", env[7]);
        Assert.Equal("VAR7=duplicate", env[9]);
        Assert.Equal("VAR10=image10", env[11]);
        Assert.DoesNotContain("VAR9=image9", env);
        Assert.Equal(["NEW=1", "VAR9=back", $"VAR{count}=user{count}"], env.Skip(2 + count - 1).Take(3));
        Assert.Equal($"VAR{(2 * count) - 1}=user{(2 * count) - 1}", env[^1]);
        Assert.Equal(env.Count, env.Select(e => e[..e.IndexOf('=', StringComparison.Ordinal)]).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Null_image_entries_are_skipped()
    {
        var env = ProcessEnvironment.Build(["A=1", null!, "", "=x", "B=2"], [], "h", terminal: false);

        Assert.Equal(["PATH=" + ProcessEnvironment.DefaultPath, "HOSTNAME=h", "A=1", "B=2"], env);
    }
}
