using Cais.Distribution;

namespace Cais.Cli.Tests.Fakes;

internal sealed class FakeRegistryService(CallLog log) : IRegistryService
{
    public Task LoginAsync(string? registry, string user, string password, CancellationToken cancellationToken)
    {
        log.Record(registry ?? "", $"LoginAsync({registry ?? "null"}, {user})");
        return Task.CompletedTask;
    }

    public Task<RegistryLogout> LogoutAsync(string? registry, CancellationToken cancellationToken)
    {
        log.Record(registry ?? "", $"LogoutAsync({registry ?? "null"})");
        return Task.FromResult(new RegistryLogout(registry ?? "https://index.docker.io/v1/", WasLoggedIn: true));
    }
}
