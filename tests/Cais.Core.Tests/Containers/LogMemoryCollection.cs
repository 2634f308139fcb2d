namespace Cais.Core.Tests.Containers;

/// <summary>Tests that measure the process's allocations: run alone so that no other test's allocations count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LogMemoryCollection
{
    public const string Name = "log memory";
}
