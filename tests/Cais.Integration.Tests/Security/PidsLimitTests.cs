using System.Globalization;
using Cais.Integration.Tests.Containers;

namespace Cais.Integration.Tests.Security;

/// <summary>Every container has a pids limit (issue 7, "Exhaustion"): a fork bomb stops at it, not at the host's pid_max.</summary>
public sealed class PidsLimitTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    /// <summary>The default Cais gives every container (Podman's).</summary>
    private const int DefaultLimit = 2048;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    [Fact]
    public async Task Container_cgroup_has_the_default_pids_limit()
    {
        var id = await fixture.OkAsync("run", "-d", "--network", "none", fixture.Image, "sleep", "60");

        Assert.Equal(DefaultLimit.ToString(CultureInfo.InvariantCulture), (await File.ReadAllTextAsync(PidsMaxPath(id))).Trim());
        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Forking_beyond_the_limit_fails_inside_the_container()
    {
        // A bounded fork bomb: background sleeps until fork fails or 2600 (above the limit) are running. The subshell
        // dies when its fork fails; the count is read with builtins only, since no fork can succeed any more. When sh
        // (pid 1) exits, the kernel kills the sleeps with the pid namespace.
        const string script = "( i=0; while [ $i -lt 2600 ]; do sleep 120 & i=$((i+1)); echo $i > /tmp/n; done ) 2>/dev/null;"
            + " read n < /tmp/n; echo \"started=$n\"";
        // Some 2000 forks take a while on a busy machine: a longer bound than the fixture's 30 s.
        var result = await fixture.Cais.RunAsync(["run", "--rm", "--network", "none", fixture.Image, "sh", "-c", script], stdin: null, TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.ToString());
        var started = int.Parse(result.Out.Split('=')[1], CultureInfo.InvariantCulture);
        // sh and the subshell take two of the limit's pids.
        Assert.InRange(started, DefaultLimit - 10, DefaultLimit - 2);
        await fixture.AssertNothingLeftAsync();
    }

    // Hybrid or v1 hosts account pids in the v1 pids hierarchy; pure v2 hosts in the unified one.
    private static string PidsMaxPath(string id) =>
        Directory.Exists("/sys/fs/cgroup/pids") ? $"/sys/fs/cgroup/pids/cais/{id}/pids.max" : $"/sys/fs/cgroup/cais/{id}/pids.max";
}
