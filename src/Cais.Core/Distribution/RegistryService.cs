using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cais.Distribution;

/// <summary>
/// Owns the engine's registry client and the credentials file: pulls get the client from here, login and logout go
/// through <see cref="RegistryLogin"/>. The client is made on first use with the credentials config.json holds then.
/// </summary>
public sealed class RegistryService(DockerConfigFile credentials, IReadOnlyCollection<string> insecureHosts, ILogger? logger = null) : IRegistryService, IDisposable
{
    private RegistryClient? _client;

    public async Task<RegistryClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            var lookup = await credentials.CreateCredentialLookupAsync(cancellationToken).ConfigureAwait(false);
            _client = new RegistryClient(new RegistryClientOptions { InsecureHosts = insecureHosts, CredentialLookup = lookup, Logger = logger ?? NullLogger.Instance });
        }

        return _client;
    }

    public async Task LoginAsync(string? registry, string user, string password, CancellationToken cancellationToken)
    {
        var login = new RegistryLogin(await ClientAsync(cancellationToken).ConfigureAwait(false), credentials);
        await login.LoginAsync(registry, user, password, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RegistryLogout> LogoutAsync(string? registry, CancellationToken cancellationToken)
    {
        var login = new RegistryLogin(await ClientAsync(cancellationToken).ConfigureAwait(false), credentials);
        var removed = await login.LogoutAsync(registry, cancellationToken).ConfigureAwait(false);
        return new RegistryLogout(RegistryLogin.DisplayName(registry), removed);
    }

    public void Dispose() => _client?.Dispose();
}
