namespace Cais.TestSupport;

/// <summary>A basic-auth login for a <see cref="TestRegistry"/> started with users.</summary>
public sealed record RegistryCredential(string User, string Password);
