namespace Cais.Integration.Tests;

/// <summary>
/// Tests that add bridges and veths to the host, and tests that compare a container's view with the host's
/// interface list, must not run at the same time: xunit runs the classes of one collection one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostNetworkCollection
{
    public const string Name = "host network";
}
