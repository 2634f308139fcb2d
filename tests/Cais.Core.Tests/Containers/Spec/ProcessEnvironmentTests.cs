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
}
