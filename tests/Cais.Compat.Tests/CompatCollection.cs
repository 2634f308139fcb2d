using Cais.Compat.Tests.Fixture;

namespace Cais.Compat.Tests;

/// <summary>
/// Every comparison shares one private dockerd and one Cais state root, and listings (ps -a, network ls, images) show
/// whatever exists: the cases run one after another, each leaving both sides as it found them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CompatCollection : ICollectionFixture<CompatEnvironment>
{
    public const string Name = "compat";
}
