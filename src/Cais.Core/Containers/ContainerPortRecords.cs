using Cais.Metadata;
using Cais.Network.Ports;
using Cais.Network.Sandbox;

namespace Cais.Containers;

/// <summary>A container's sandbox keeps its published ports in the container's record (the sandbox ID is the container ID).</summary>
internal sealed class ContainerPortRecords(ContainerRepository containers) : IPublishedPortRecords
{
    public IReadOnlyList<PortBinding> PublishedByOthers(string sandboxId) =>
        containers.List().Where(c => c.Id != sandboxId).SelectMany(c => ContainerService.ToBindings(c.State.Ports)).ToList();

    public void Record(string sandboxId, IReadOnlyList<PortBinding> bindings)
    {
        var ports = bindings.Select(ContainerService.ToPublished).ToList();
        containers.Mutate(sandboxId, r => r with { State = r.State with { Ports = ports } });
    }
}
