using Cais.Metadata;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    public IReadOnlyList<(string Id, string Name)> ListNames(bool all) =>
        [.. containers.List()
            .Where(record => all || (record.State.Status.IsUp() && !HasEndedUnrecorded(record)))
            .Select(record => (record.Id, record.Name))];
}
