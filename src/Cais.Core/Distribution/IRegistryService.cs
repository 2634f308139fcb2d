namespace Cais.Distribution;

/// <summary>
/// The registries front door: logging in and out. Credentials are checked against the registry before they are
/// stored in Docker's config.json, which pulls then read.
/// </summary>
public interface IRegistryService
{
    /// <summary>Verifies the credentials and stores them; a refusal is an EngineException in the registry's words. An empty registry means Docker Hub.</summary>
    Task LoginAsync(string? registry, string user, string password, CancellationToken cancellationToken);

    /// <summary>Removes the stored credentials of the registry (Docker Hub when empty).</summary>
    Task<RegistryLogout> LogoutAsync(string? registry, CancellationToken cancellationToken);
}
