using Cais.Api;
using Cais.Containers.Listing;

namespace Cais.Containers;

/// <summary>Container inspect with the sizes Docker adds when asked (<c>inspect --size</c>, the API's size=1).</summary>
public sealed partial class ContainerService
{
    public async Task<ContainerInspectResponse> InspectAsync(string idOrName, bool size, CancellationToken cancellationToken)
    {
        var inspected = await InspectAsync(idOrName, cancellationToken).ConfigureAwait(false);
        if (!size)
        {
            return inspected;
        }

        var (rw, rootFs) = ContainerSizes.Of(inspected.Id, snapshotter);
        return inspected with { SizeRw = rw, SizeRootFs = rootFs };
    }
}
