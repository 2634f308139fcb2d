namespace Cais.Distribution;

/// <summary>What logout did: <paramref name="Registry"/> as Docker names it in its messages ("https://index.docker.io/v1/" for Docker Hub).</summary>
public sealed record RegistryLogout(string Registry, bool WasLoggedIn);
