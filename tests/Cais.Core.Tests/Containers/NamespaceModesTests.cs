using Cais.Common;
using Cais.Containers;

namespace Cais.Core.Tests.Containers;

public sealed class NamespaceModesTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("host", "host")]
    [InlineData("container:web", "container:web")]
    public void Pid_accepts_dockers_modes(string? mode, string recorded) => Assert.Equal(recorded, NamespaceModes.Pid(mode));

    [Theory]
    [InlineData("private")]
    [InlineData("container:")]
    [InlineData("bogus")]
    public void Pid_refuses_others_in_dockers_words(string mode) =>
        Assert.Equal("--pid: invalid PID mode", Assert.Throws<EngineException>(() => NamespaceModes.Pid(mode)).Message);

    [Theory]
    [InlineData(null, "private")]
    [InlineData("", "private")]
    [InlineData("private", "private")]
    [InlineData("shareable", "shareable")]
    [InlineData("none", "none")]
    [InlineData("host", "host")]
    [InlineData("container:db", "container:db")]
    public void Ipc_defaults_to_private_and_accepts_dockers_modes(string? mode, string recorded) =>
        Assert.Equal(recorded, NamespaceModes.Ipc(mode));

    [Fact]
    public void Ipc_refuses_an_unknown_mode_and_an_empty_container_in_dockers_words()
    {
        Assert.Equal("Invalid IPC mode: bogus", Assert.Throws<EngineException>(() => NamespaceModes.Ipc("bogus")).Message);
        Assert.Equal("can't join IPC of container : invalid name or ID supplied: \"\"",
            Assert.Throws<EngineException>(() => NamespaceModes.Ipc("container:")).Message);
    }

    [Fact]
    public void Uts_accepts_host_only()
    {
        Assert.Equal("", NamespaceModes.Uts(null));
        Assert.Equal("host", NamespaceModes.Uts("host"));
        Assert.Equal("--uts: invalid UTS mode", Assert.Throws<EngineException>(() => NamespaceModes.Uts("container:x")).Message);
    }

    [Fact]
    public void Uts_host_conflicts_with_a_hostname_and_a_domainname()
    {
        Assert.Equal("conflicting options: hostname and the UTS mode",
            Assert.Throws<EngineException>(() => NamespaceModes.CheckUtsConflicts("host", "web", null)).Message);
        Assert.Equal("conflicting options: domainname and the UTS mode",
            Assert.Throws<EngineException>(() => NamespaceModes.CheckUtsConflicts("host", null, "example.com")).Message);
        NamespaceModes.CheckUtsConflicts("", "web", "example.com");
    }
}
