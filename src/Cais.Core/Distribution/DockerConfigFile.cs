using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cais.Common;

namespace Cais.Distribution;

/// <summary>
/// Docker's client configuration file (config.json), read and written compatibly so "docker login" and "cais login"
/// share credentials. Only the "auths" entries are touched; every other member is preserved as it was.
/// Credential helpers ("credsStore", "credHelpers") are not consulted.
/// </summary>
public sealed class DockerConfigFile
{
    /// <summary>The key Docker uses for Docker Hub in "auths" (a legacy v1 URL, kept for compatibility).</summary>
    public const string DockerHubAuthKey = "https://index.docker.io/v1/";

    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public DockerConfigFile(string? path = null)
    {
        Path = path ?? DefaultPath();
    }

    public string Path { get; }

    /// <summary>$DOCKER_CONFIG/config.json, else ~/.docker/config.json, as the Docker CLI looks it up.</summary>
    public static string DefaultPath()
    {
        var configDir = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(configDir))
        {
            var home = Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            configDir = System.IO.Path.Combine(home, ".docker");
        }

        return System.IO.Path.Combine(configDir, "config.json");
    }

    /// <summary>
    /// The canonical registry name for an "auths" key or a user-typed host: scheme and path dropped, lower case,
    /// and every Docker Hub alias folded into "docker.io".
    /// </summary>
    public static string NormalizeRegistry(string keyOrHost)
    {
        var value = keyOrHost.Trim();
        foreach (var scheme in (ReadOnlySpan<string>)["https://", "http://"])
        {
            if (value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                value = value[scheme.Length..];
                break;
            }
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            value = value[..slash];
        }

        value = value.ToLowerInvariant();
        return value is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" or "docker.io" or "" ? ImageReference.DockerHubDomain : value;
    }

    /// <summary>The "auths" key Docker writes for a registry.</summary>
    public static string AuthKey(string registry)
    {
        var normalized = NormalizeRegistry(registry);
        return normalized == ImageReference.DockerHubDomain ? DockerHubAuthKey : normalized;
    }

    /// <summary>All stored credentials, keyed by normalized registry name.</summary>
    public async Task<IReadOnlyDictionary<string, (string User, string Password)>> ReadCredentialsAsync(CancellationToken cancellationToken)
    {
        var root = await LoadAsync(cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, (string User, string Password)>(StringComparer.OrdinalIgnoreCase);
        if (root["auths"] is not JsonObject auths)
        {
            return result;
        }

        foreach (var (key, value) in auths)
        {
            if (value is JsonObject entry && TryDecode(entry, out var credentials))
            {
                // The exact Docker spelling wins over an alias if both are present.
                var name = NormalizeRegistry(key);
                if (!result.ContainsKey(name) || key == AuthKey(name))
                {
                    result[name] = credentials;
                }
            }
        }

        return result;
    }

    public async Task<(string User, string Password)?> GetCredentialsAsync(string registry, CancellationToken cancellationToken)
    {
        var all = await ReadCredentialsAsync(cancellationToken).ConfigureAwait(false);
        return all.TryGetValue(NormalizeRegistry(registry), out var credentials) ? credentials : null;
    }

    /// <summary>A snapshot of the stored credentials as the lookup <see cref="RegistryClientOptions.CredentialLookup"/> wants.</summary>
    public async Task<Func<string, (string User, string Password)?>> CreateCredentialLookupAsync(CancellationToken cancellationToken)
    {
        var all = await ReadCredentialsAsync(cancellationToken).ConfigureAwait(false);
        return registry => all.TryGetValue(NormalizeRegistry(registry), out var credentials) ? credentials : null;
    }

    public async Task StoreCredentialsAsync(string registry, string user, string password, CancellationToken cancellationToken)
    {
        var root = await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (root["auths"] is not JsonObject auths)
        {
            auths = [];
            root["auths"] = auths;
        }

        var key = AuthKey(registry);
        RemoveAliases(auths, registry, except: key);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        if (auths[key] is JsonObject existing)
        {
            // Keep members Docker or other tools added to the entry; drop the plain-text forms we replace.
            existing.Remove("username");
            existing.Remove("password");
            existing["auth"] = encoded;
        }
        else
        {
            auths[key] = new JsonObject { ["auth"] = encoded };
        }

        await SaveAsync(root, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a registry's entry (under any spelling of its key); false when there was none.</summary>
    public async Task<bool> RemoveCredentialsAsync(string registry, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return false;
        }

        var root = await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (root["auths"] is not JsonObject auths || !RemoveAliases(auths, registry, except: null))
        {
            return false;
        }

        await SaveAsync(root, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static bool RemoveAliases(JsonObject auths, string registry, string? except)
    {
        var name = NormalizeRegistry(registry);
        var keys = auths.Select(pair => pair.Key).Where(key => key != except && NormalizeRegistry(key) == name).ToList();
        foreach (var key in keys)
        {
            auths.Remove(key);
        }

        return keys.Count > 0;
    }

    private static bool TryDecode(JsonObject entry, out (string User, string Password) credentials)
    {
        credentials = default;
        if (entry["auth"] is JsonValue authValue && authValue.TryGetValue<string>(out var auth) && auth.Length > 0)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                return false;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            credentials = (decoded[..colon], decoded[(colon + 1)..]);
            return true;
        }

        if (entry["username"] is JsonValue userValue && userValue.TryGetValue<string>(out var user) && user.Length > 0
            && entry["password"] is JsonValue passValue && passValue.TryGetValue<string>(out var password))
        {
            credentials = (user, password);
            return true;
        }

        return false;
    }

    private async Task<JsonObject> LoadAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(Path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }

        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return [];
        }

        try
        {
            var node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return node as JsonObject ?? throw new EngineException(ErrorKind.FailedPrecondition, $"error loading config file {Path}: the document is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new EngineException(ErrorKind.FailedPrecondition, $"error loading config file {Path}: {e.Message}", e);
        }
    }

    /// <summary>Writes through a private temporary file and a rename, so a crash never leaves a half-written or world-readable file.</summary>
    private async Task SaveAsync(JsonObject root, CancellationToken cancellationToken)
    {
        // Cais is Linux-only; the guard also tells the platform analyzer the Unix file-mode calls below are reachable only there.
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        var target = ResolveTarget(Path);
        var directory = System.IO.Path.GetDirectoryName(target) ?? ".";
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, PrivateDirectory);
        }

        var temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(target)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = PrivateFile,
                Options = FileOptions.Asynchronous,
            };
            var stream = new FileStream(temp, options);
            await using (stream.ConfigureAwait(false))
            {
                // Docker indents config.json with tabs; match it so diffs against Docker-written files stay small.
                var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentCharacter = '\t', IndentSize = 1 });
                await using (writer.ConfigureAwait(false))
                {
                    root.WriteTo(writer);
                }

                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.SetUnixFileMode(temp, PrivateFile);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>A config.json that is a symlink (dotfile managers) is updated where it points, not replaced by a file.</summary>
    private static string ResolveTarget(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } final)
        {
            return final.FullName;
        }

        return path;
    }
}
