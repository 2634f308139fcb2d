using Cais.Containers;
using Cais.Distribution;
using Cais.Images;
using Cais.Network;

namespace Cais.Hosting;

/// <summary>
/// The engine for a short-lived front door (a CLI command): <see cref="System"/> answers without opening the state,
/// and the first use of a resource service builds the <see cref="Hosting.Engine"/>, so commands that need no state
/// (version) neither create nor require a state root.
/// </summary>
public sealed class EngineOnFirstUse(EngineOptions options) : IEngineServices, IDisposable
{
    private Engine? _engine;

    public ISystemService System { get; } = new SystemService(options);

    public IContainerService Containers => Engine.Containers;

    public IImageService Images => Engine.Images;

    public INetworkService Networks => Engine.Networks;

    public IRegistryService Registries => Engine.Registries;

    private Engine Engine => _engine ??= new Engine(options);

    public void Dispose() => _engine?.Dispose();
}
