using Cais.Common;

namespace Cais.Distribution;

/// <summary>"login" and "logout": credentials are verified against the registry before they are stored in config.json.</summary>
public sealed class RegistryLogin
{
    private readonly RegistryClient _client;
    private readonly DockerConfigFile _config;

    public RegistryLogin(RegistryClient client, DockerConfigFile config)
    {
        _client = client;
        _config = config;
    }

    /// <summary>
    /// Verifies the credentials (GET /v2/ through the challenge flow) and stores them under Docker's key for the registry.
    /// An empty registry means Docker Hub.
    /// </summary>
    public async Task LoginAsync(string? registry, string user, string password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(user))
        {
            throw EngineException.Invalid("Error: Username is required");
        }

        // "auth" is base64("user:password") split at the first colon, so a colon in the user name cannot round-trip.
        if (user.Contains(':', StringComparison.Ordinal))
        {
            throw EngineException.Invalid("Error: the username must not contain ':'");
        }

        if (string.IsNullOrEmpty(password))
        {
            throw EngineException.Invalid("Error: Password is required");
        }

        var name = DockerConfigFile.NormalizeRegistry(registry ?? "");
        // A refusal propagates as is: the CLI prints engine errors as "Error response from daemon: <message>" itself.
        await _client.CheckCredentialsAsync(name, user, password, cancellationToken).ConfigureAwait(false);

        await _config.StoreCredentialsAsync(name, user, password, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the stored credentials; false when there were none. Docker prints "Removing login credentials for HOST".</summary>
    public Task<bool> LogoutAsync(string? registry, CancellationToken cancellationToken) =>
        _config.RemoveCredentialsAsync(DockerConfigFile.NormalizeRegistry(registry ?? ""), cancellationToken);

    /// <summary>The registry name Docker shows in login/logout messages ("https://index.docker.io/v1/" for Docker Hub).</summary>
    public static string DisplayName(string? registry) => DockerConfigFile.AuthKey(registry ?? "");
}
