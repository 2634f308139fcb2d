using Cais.Integration.Tests.Containers;
using Cais.TestSupport;
using Xunit.Abstractions;

namespace Cais.Integration.Tests.Images;

/// <summary>
/// `create` and `rmi` of the same image in separate processes at once: either the container exists (and then its
/// image and layers do too, and it runs) or the create failed with "No such image" and left nothing.
/// </summary>
public sealed class CreateRmiRaceTests(ContainerFixture fixture, ITestOutputHelper output) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    private const int Rounds = 20;
    private const int CreatesPerRound = 3;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await fixture.RemoveAllAsync();
        // Later tests of the class (and the fixture) expect the image.
        await fixture.RunAsync("pull", "-q", fixture.Image);
    }

    [Fact]
    public async Task Create_racing_rmi_of_its_image_either_fails_cleanly_or_gets_a_container_that_runs()
    {
        var broken = new List<string>();
        var (createsOk, rmiRefused) = (0, 0);
        for (var round = 0; round < Rounds; round++)
        {
            await fixture.OkAsync("pull", "-q", fixture.Image);
            var imageId = await fixture.OkAsync("image", "inspect", "--format", "{{.Id}}", fixture.Image);
            // Varying head starts for either side, so rmi's check, delete and sweep land at different points of the
            // creates (and sometimes before them all).
            var rmiDelay = TimeSpan.FromMilliseconds(round % 3 * 20);
            var creates = Enumerable.Range(0, CreatesPerRound)
                .Select(async i =>
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(round % 4 * 25 + i * 15));
                    return await fixture.RunAsync("create", "--pull", "never", fixture.Image, "true");
                })
                .ToList();
            var rmi = Task.Run(async () =>
            {
                await Task.Delay(rmiDelay);
                return await fixture.RunAsync("rmi", fixture.Image);
            });
            var results = await Task.WhenAll(creates);
            var removal = await rmi;
            createsOk += results.Count(r => r.ExitCode == 0);
            rmiRefused += removal.ExitCode == 0 ? 0 : 1;

            foreach (var created in results)
            {
                if (created.ExitCode != 0)
                {
                    if (created.ExitCode != 125 || !created.Stderr.Contains("No such image", StringComparison.Ordinal))
                    {
                        broken.Add($"round {round}: create failed otherwise: {created}");
                    }

                    continue;
                }

                var id = created.Out;
                if ((await fixture.RunAsync("image", "inspect", imageId)).ExitCode != 0)
                {
                    broken.Add($"round {round}: container {id[..12]} exists but its image {imageId} is gone (rmi: {removal})");
                }

                var start = await fixture.RunAsync("start", id);
                var wait = start.ExitCode == 0 ? await fixture.RunAsync("wait", id) : start;
                if (start.ExitCode != 0 || wait.Out != "0")
                {
                    broken.Add($"round {round}: container {id[..12]} does not run: start {start}; wait {wait}");
                }
            }

            // A failed create leaves no container: only the successful ones are listed.
            var listed = (await fixture.OkAsync("ps", "-aq", "--no-trunc")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var succeeded = results.Where(r => r.ExitCode == 0).Select(r => r.Out).ToList();
            if (listed.Length != succeeded.Count || listed.Except(succeeded).Any())
            {
                broken.Add($"round {round}: containers listed [{string.Join(", ", listed)}], created [{string.Join(", ", succeeded)}]");
            }

            await fixture.RemoveAllAsync();
        }

        output.WriteLine($"{createsOk} of {Rounds * CreatesPerRound} creates succeeded, rmi refused in {rmiRefused} of {Rounds} rounds");
        Assert.True(broken.Count == 0, $"{broken.Count} faults in {Rounds} rounds:\n{string.Join('\n', broken)}");
        await fixture.AssertNothingLeftAsync();
    }
}
