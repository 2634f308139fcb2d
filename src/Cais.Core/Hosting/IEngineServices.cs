using Cais.Containers;
using Cais.Distribution;
using Cais.Images;
using Cais.Network;

namespace Cais.Hosting;

/// <summary>The engine as every front door sees it: its service interfaces and nothing underneath.</summary>
public interface IEngineServices
{
    IContainerService Containers { get; }

    IImageService Images { get; }

    INetworkService Networks { get; }

    IRegistryService Registries { get; }

    ISystemService System { get; }
}
