using Cais.Compat.Tests.Harness;

namespace Cais.Compat.Tests.Cases;

/// <summary>Turns a list of cases into theory data (one test per case, shown by name) and back.</summary>
public static class CaseCatalog
{
    /// <summary>Every area's cases, in the order they are written.</summary>
    public static IReadOnlyList<CompatCase> Everything { get; } =
        [.. ImageCases.All, .. RunCases.All, .. LifecycleCases.All, .. ListingCases.All, .. NetworkCases.All, .. MiscCases.All];

    public static TheoryData<string> Names(IReadOnlyList<CompatCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var duplicate = cases.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"two cases are named \"{duplicate.Key}\": give one of them CompatCase.Named");
        }

        var data = new TheoryData<string>();
        foreach (var compatCase in cases)
        {
            data.Add(compatCase.Name);
        }

        return data;
    }

    public static CompatCase Find(IReadOnlyList<CompatCase> cases, string name) =>
        cases.Single(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
