using Cais.Containers;
using Cais.Distribution;
using Cais.Hosting;
using Cais.Images;
using Cais.Network;

namespace Cais.Cli.Tests.Fakes;

/// <summary>The engine's front door made of recording fakes sharing one <see cref="CallLog"/>.</summary>
internal sealed class FakeEngine : IEngineServices
{
    public FakeEngine()
    {
        Containers = new FakeContainerService(Log);
        Images = new FakeImageService(Log);
        Networks = new FakeNetworkService(Log);
        Registries = new FakeRegistryService(Log);
        System = new FakeSystemService(Log);
    }

    public CallLog Log { get; } = new();

    public FakeContainerService Containers { get; }

    public FakeImageService Images { get; }

    public FakeNetworkService Networks { get; }

    public FakeRegistryService Registries { get; }

    public FakeSystemService System { get; }

    IContainerService IEngineServices.Containers => Containers;

    IImageService IEngineServices.Images => Images;

    INetworkService IEngineServices.Networks => Networks;

    IRegistryService IEngineServices.Registries => Registries;

    ISystemService IEngineServices.System => System;
}
