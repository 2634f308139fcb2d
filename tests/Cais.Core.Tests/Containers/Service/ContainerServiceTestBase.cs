namespace Cais.Core.Tests.Containers.Service;

/// <summary>Gives each test a fresh <see cref="ContainerServiceTestBed"/> (its own state directory and fake runtime).</summary>
public abstract class ContainerServiceTestBase : IAsyncLifetime
{
    private ContainerServiceTestBed? _bed;

    internal ContainerServiceTestBed Bed => _bed ?? throw new InvalidOperationException("the test bed is made in InitializeAsync");

    public async Task InitializeAsync() => _bed = await ContainerServiceTestBed.CreateAsync();

    public Task DisposeAsync()
    {
        _bed?.Dispose();
        return Task.CompletedTask;
    }
}
