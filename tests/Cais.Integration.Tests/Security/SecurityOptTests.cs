using Cais.Integration.Tests.Containers;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Security;

/// <summary>
/// <c>--security-opt</c> (issue 7, "Security options silently ignored"): each option takes effect in the container or is
/// refused with Docker's error and exit 125, leaving no container behind.
/// </summary>
public sealed class SecurityOptTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    /// <summary>Allows everything but mkdir/mkdirat, which fail with EPERM (1).</summary>
    private const string DenyMkdirProfile = """
        {
          "defaultAction": "SCMP_ACT_ALLOW",
          "archMap": [
            { "architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
            { "architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"] }
          ],
          "syscalls": [
            { "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1 }
          ]
        }
        """;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    [Theory]
    [InlineData("no-new-privileges", "1")]
    [InlineData("no-new-privileges=true", "1")]
    [InlineData("no-new-privileges:true", "1")]
    [InlineData("no-new-privileges=false", "0")]
    public async Task No_new_privileges_sets_the_flag_of_the_container_process(string option, string expected)
    {
        var output = await fixture.ShAsync("grep NoNewPrivs /proc/self/status", "--network", "none", "--security-opt", option);

        Assert.Equal("NoNewPrivs:\t" + expected, output);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Exec_processes_inherit_no_new_privileges()
    {
        var id = await fixture.OkAsync("run", "-d", "--network", "none", "--security-opt", "no-new-privileges", fixture.Image, "sleep", "60");

        Assert.Equal("NoNewPrivs:\t1", await fixture.OkAsync("exec", id, "grep", "NoNewPrivs", "/proc/self/status"));
        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Custom_seccomp_profile_replaces_the_default()
    {
        using var dir = new TempDirectory("cais-seccomp");
        var profile = dir.Combine("deny-mkdir.json");
        await File.WriteAllTextAsync(profile, DenyMkdirProfile);

        var denied = await fixture.RunAsync("run", "--rm", "--network", "none", "--security-opt", "seccomp=" + profile,
            fixture.Image, "sh", "-c", "mkdir /tmp/x; echo \"mkdir=$?\"; grep Seccomp: /proc/self/status");
        var allowed = await fixture.ShAsync("mkdir /tmp/x; echo \"mkdir=$?\"", "--network", "none");

        Assert.Equal(0, denied.ExitCode);
        Assert.Contains("mkdir=1", denied.Stdout, StringComparison.Ordinal);
        Assert.Contains("Operation not permitted", denied.Stderr, StringComparison.Ordinal);
        Assert.Contains("Seccomp:\t2", denied.Stdout, StringComparison.Ordinal);
        Assert.Equal("mkdir=0", allowed);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Custom_seccomp_profile_is_kept_with_the_container_as_docker_does()
    {
        using var dir = new TempDirectory("cais-seccomp");
        var profile = dir.Combine("deny-mkdir.json");
        await File.WriteAllTextAsync(profile, DenyMkdirProfile);

        var id = await fixture.OkAsync("create", "--network", "none", "--security-opt", "seccomp=" + profile, fixture.Image,
            "sh", "-c", "mkdir /tmp/x");
        File.Delete(profile);
        await fixture.RunAsync("start", "-a", id);

        Assert.Equal("1", await fixture.InspectAsync(id, "{{.State.ExitCode}}"));
        Assert.Contains("SCMP_ACT_ERRNO", await fixture.InspectAsync(id, "{{json .HostConfig.SecurityOpt}}"), StringComparison.Ordinal);
        await fixture.OkAsync("rm", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Seccomp_unconfined_turns_the_filter_off()
    {
        var output = await fixture.ShAsync("grep Seccomp: /proc/self/status", "--network", "none", "--security-opt", "seccomp=unconfined");

        Assert.Equal("Seccomp:\t0", output);
        await fixture.AssertNothingLeftAsync();
    }

    [Theory]
    [InlineData("apparmor=unconfined")]
    [InlineData("label=disable")]
    [InlineData("label=type:container_t")]
    public async Task AppArmor_and_SELinux_options_are_accepted_on_a_host_without_them(string option)
    {
        // Docker's daemon ignores both when the host has neither AppArmor nor SELinux enabled (this host, see below).
        Assert.False(File.Exists("/sys/kernel/security/apparmor/profiles") && File.ReadAllText("/sys/module/apparmor/parameters/enabled").StartsWith('Y'));
        Assert.False(File.Exists("/sys/fs/selinux/enforce"));

        var output = await fixture.ShAsync("echo ok", "--network", "none", "--security-opt", option);

        Assert.Equal("ok", output);
        await fixture.AssertNothingLeftAsync();
    }

    [Theory]
    [InlineData("x", "invalid --security-opt: \"x\"")]
    [InlineData("seccomp", "invalid --security-opt: \"seccomp\"")]
    [InlineData("foo=bar", "invalid --security-opt 2: \"foo=bar\"")]
    [InlineData("no-new-privileges=maybe", "invalid --security-opt 2: \"no-new-privileges=maybe\"")]
    [InlineData("seccomp=/nonexistent/x.json", "opening seccomp profile (/nonexistent/x.json) failed: open /nonexistent/x.json: no such file or directory")]
    public async Task Unknown_or_broken_options_are_refused_with_docker_errors(string option, string message)
    {
        foreach (var command in new[] { "run", "create" })
        {
            var result = await fixture.RunAsync(command, "--network", "none", "--security-opt", option, fixture.Image, "true");

            Assert.True(result.ExitCode == 125, result.ToString());
            Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        }

        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Malformed_seccomp_profiles_are_refused()
    {
        using var dir = new TempDirectory("cais-seccomp");
        var notJson = dir.Combine("not-json.json");
        await File.WriteAllTextAsync(notJson, "{ not json");
        var badAction = dir.Combine("bad-action.json");
        await File.WriteAllTextAsync(badAction, """{"defaultAction":"SCMP_ACT_MAYBE","syscalls":[]}""");
        var wrongType = dir.Combine("wrong-type.json");
        await File.WriteAllTextAsync(wrongType, """{"defaultAction":"SCMP_ACT_ALLOW","syscalls":{"names":"mkdir"}}""");

        var results = new[]
        {
            (await fixture.RunAsync("run", "--rm", "--security-opt", "seccomp=" + notJson, fixture.Image, "true"), "compacting json for seccomp profile (" + notJson + ") failed"),
            (await fixture.RunAsync("run", "--rm", "--security-opt", "seccomp=" + badAction, fixture.Image, "true"), "SCMP_ACT_MAYBE"),
            (await fixture.RunAsync("run", "--rm", "--security-opt", "seccomp=" + wrongType, fixture.Image, "true"), "Decoding seccomp profile failed"),
        };

        foreach (var (result, message) in results)
        {
            Assert.True(result.ExitCode == 125, result.ToString());
            Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        }

        await fixture.AssertNothingLeftAsync();
    }
}
