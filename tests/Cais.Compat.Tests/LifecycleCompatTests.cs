using Cais.Compat.Tests.Cases;
using Cais.Compat.Tests.Fixture;
using Cais.Compat.Tests.Harness;

namespace Cais.Compat.Tests;

[Collection(CompatCollection.Name)]
[TestCaseOrderer(DeclarationOrder.TypeName, DeclarationOrder.AssemblyName)]
public sealed class LifecycleCompatTests(CompatEnvironment environment)
{
    public static TheoryData<string> Cases => CaseCatalog.Names(LifecycleCases.All);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Same_as_docker(string command) => new CaseRunner(environment).AssertSameAsync(CaseCatalog.Find(LifecycleCases.All, command));
}
