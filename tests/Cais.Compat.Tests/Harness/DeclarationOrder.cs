using Cais.Compat.Tests.Cases;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Cais.Compat.Tests.Harness;

/// <summary>
/// Runs a class's cases in the order they are written, so consecutive read-only cases with the same setup can reuse it
/// (xunit's default order is by a hash of the test's id).
/// </summary>
public sealed class DeclarationOrder : ITestCaseOrderer
{
    public const string TypeName = "Cais.Compat.Tests.Harness.DeclarationOrder";

    public const string AssemblyName = "Cais.Compat.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase
    {
        var order = CaseCatalog.Everything.Select((c, i) => (c.Name, i)).GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        return testCases.OrderBy(t => t.TestMethodArguments is [string name] && order.TryGetValue(name, out var index) ? index : int.MaxValue);
    }
}
