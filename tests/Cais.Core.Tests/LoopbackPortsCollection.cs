namespace Cais.Core.Tests;

/// <summary>
/// Tests that need particular loopback ports to stay free (a port range, or re-binding the port a server just gave up):
/// run alone, after the parallel tests, so no other test's ephemeral bind can take those ports in between.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoopbackPortsCollection
{
    public const string Name = "loopback ports";
}
