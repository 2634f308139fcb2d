namespace Cais.TestSupport;

/// <summary>How to start a <see cref="TestRegistry"/>.</summary>
public sealed record TestRegistryOptions
{
    /// <summary>User name to password. When non-empty the registry requires HTTP basic auth (htpasswd, bcrypt).</summary>
    public IReadOnlyDictionary<string, string>? Users { get; init; }

    /// <summary>The basic-auth realm the registry announces in WWW-Authenticate.</summary>
    public string Realm { get; init; } = "cais-test";

    /// <summary>How long to wait for GET /v2/ to answer before giving up.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Options for a registry with a single basic-auth user.</summary>
    public static TestRegistryOptions WithUser(string user, string password) =>
        new() { Users = new Dictionary<string, string>(StringComparer.Ordinal) { [user] = password } };
}
