using Cais.Common;
using Cais.Containers.Security;
using Cais.Core.Tests.Containers.Spec;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers.Security;

public sealed class SecurityOptionsTests
{
    private static readonly Cais.Containers.Spec.HostFacts Host = TestHosts.Restricted();

    [Theory]
    [InlineData("no-new-privileges", true)]
    [InlineData("no-new-privileges=true", true)]
    [InlineData("no-new-privileges:true", true)]
    [InlineData("no-new-privileges=1", true)]
    [InlineData("no-new-privileges=false", false)]
    public async Task No_new_privileges_accepts_docker_spellings(string option, bool expected)
    {
        var resolved = await SecurityOptions.ResolveAsync([option], CancellationToken.None);

        Assert.Equal(expected, SecurityOptions.Parse(resolved, Host).NoNewPrivileges);
    }

    [Theory]
    [InlineData("x", "invalid --security-opt: \"x\"")]
    [InlineData("seccomp", "invalid --security-opt: \"seccomp\"")]
    [InlineData("apparmor=", "invalid --security-opt: \"apparmor=\"")]
    public async Task Options_without_a_value_are_refused_by_the_client_step(string option, string message)
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => SecurityOptions.ResolveAsync([option], CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("foo=bar")]
    [InlineData("no-new-privileges=maybe")]
    [InlineData("systempaths=unconfined")]
    public void Unknown_keys_and_bad_values_are_refused_by_the_daemon_step(string option)
    {
        var error = Assert.Throws<EngineException>(() => SecurityOptions.Parse([option], Host));

        Assert.Equal($"invalid --security-opt 2: \"{option}\"", error.Message);
    }

    [Fact]
    public async Task Seccomp_file_is_read_once_into_the_option_as_compact_json()
    {
        using var dir = new TempDirectory("secopt");
        var path = dir.Combine("p.json");
        await File.WriteAllTextAsync(path, "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": []\n}\n");

        var resolved = await SecurityOptions.ResolveAsync(["seccomp=" + path, "seccomp:unconfined", "seccomp=builtin"], CancellationToken.None);
        File.Delete(path);

        Assert.Equal(["seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[]}", "seccomp:unconfined", "seccomp=builtin"], resolved);
        Assert.Equal("SCMP_ACT_ALLOW", SecurityOptions.Parse(resolved.Take(1).ToList(), Host).SeccompProfile!.DefaultAction);
        Assert.True(SecurityOptions.Parse(resolved.Take(2).ToList(), Host).SeccompUnconfined);
        var last = SecurityOptions.Parse(resolved, Host);
        Assert.Equal((false, null), (last.SeccompUnconfined, last.SeccompProfile));
    }

    [Fact]
    public async Task Missing_and_malformed_seccomp_files_get_dockers_errors()
    {
        using var dir = new TempDirectory("secopt");
        var bad = dir.Combine("bad.json");
        await File.WriteAllTextAsync(bad, "{ nope");
        var missing = dir.Combine("x.json");

        var notFound = await Assert.ThrowsAsync<EngineException>(() => SecurityOptions.ResolveAsync(["seccomp=" + missing], CancellationToken.None));
        var malformed = await Assert.ThrowsAsync<EngineException>(() => SecurityOptions.ResolveAsync(["seccomp=" + bad], CancellationToken.None));
        var directory = await Assert.ThrowsAsync<EngineException>(() => SecurityOptions.ResolveAsync(["seccomp=" + dir.Path], CancellationToken.None));

        Assert.Equal($"opening seccomp profile ({missing}) failed: open {missing}: no such file or directory", notFound.Message);
        Assert.StartsWith($"compacting json for seccomp profile ({bad}) failed: ", malformed.Message, StringComparison.Ordinal);
        Assert.StartsWith($"opening seccomp profile ({dir.Path}) failed: ", directory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppArmor_and_labels_are_ignored_on_a_host_without_them_as_docker_does()
    {
        var parsed = SecurityOptions.Parse(["apparmor=docker-default", "label=disable", "label=type:svirt_t"], Host);

        Assert.Equal(SecurityOptions.None, parsed);
    }

    [Fact]
    public void AppArmor_profile_applies_on_a_host_with_apparmor_and_labels_are_refused_with_selinux()
    {
        var parsed = SecurityOptions.Parse(["apparmor=my-profile"], Host with { AppArmorEnabled = true });
        var error = Assert.Throws<EngineException>(() => SecurityOptions.Parse(["label=disable"], Host with { SelinuxEnabled = true }));

        Assert.Equal("my-profile", parsed.AppArmorProfile);
        Assert.Equal(ErrorKind.NotImplemented, error.Kind);
    }
}
