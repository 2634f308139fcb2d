using System.Text.Json;
using System.Text.Json.Nodes;
using Cais.Common;
using Cais.Linux.Commands;

namespace Cais.Network;

/// <summary>
/// Runs CNI plugin executables as the CNI 1.0.0 spec describes: parameters in CNI_* environment variables, the plugin's
/// network configuration as JSON on stdin, a result or an error object as JSON on stdout.
/// </summary>
public sealed class CniInvoker
{
    private readonly string _pluginDirectory;
    private readonly TimeSpan _timeout;
    private readonly ICommandRunner _commands;

    public CniInvoker(string pluginDirectory, TimeSpan? timeout = null, ICommandRunner? commands = null)
    {
        ArgumentNullException.ThrowIfNull(pluginDirectory);
        _pluginDirectory = pluginDirectory;
        _timeout = timeout ?? TimeSpan.FromSeconds(60);
        _commands = commands ?? NativeCommandRunner.Instance;
    }

    /// <summary>
    /// ADD for every plugin of a conflist in order, each getting the previous plugin's result as prevResult.
    /// When a plugin fails, the plugins already added are deleted again (best effort) so nothing is left half set up.
    /// </summary>
    public async Task<CniResult> AddListAsync(JsonObject conflist, CniRuntimeArgs args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conflist);
        JsonNode? previous = null;
        try
        {
            foreach (var plugin in Plugins(conflist))
            {
                var output = await RunAsync(CniCommand.Add, PluginConfig(conflist, plugin, previous, args), args, cancellationToken).ConfigureAwait(false);
                if (output is not null)
                {
                    previous = output;
                }
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await DelListAsync(conflist, args, previous, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineException)
            {
                // The ADD failure is what the user needs to see.
            }

            throw;
        }

        return previous is null ? new CniResult() : ParseResult(previous.ToJsonString());
    }

    /// <summary>
    /// DEL for every plugin in reverse order with the cached ADD result as prevResult. Every plugin is tried even when
    /// one fails (plugins treat missing state as success, so a repeated DEL is harmless); the first failure is thrown after.
    /// </summary>
    public async Task DelListAsync(JsonObject conflist, CniRuntimeArgs args, JsonNode? prevResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conflist);
        EngineException? first = null;
        foreach (var plugin in Plugins(conflist).Reverse())
        {
            try
            {
                await RunAsync(CniCommand.Del, PluginConfig(conflist, plugin, prevResult, args), args, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineException e)
            {
                first ??= e;
            }
        }

        if (first is not null)
        {
            throw first;
        }
    }

    /// <summary>CHECK for every plugin in order, with the cached ADD result as prevResult.</summary>
    public async Task CheckListAsync(JsonObject conflist, CniRuntimeArgs args, JsonNode prevResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conflist);
        foreach (var plugin in Plugins(conflist))
        {
            await RunAsync(CniCommand.Check, PluginConfig(conflist, plugin, prevResult, args), args, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one plugin (named by the config's "type") and returns its stdout as JSON, or null when it printed nothing.</summary>
    public async Task<JsonNode?> RunAsync(CniCommand command, JsonObject pluginConfig, CniRuntimeArgs args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pluginConfig);
        ArgumentNullException.ThrowIfNull(args);
        var type = pluginConfig["type"]?.GetValue<string>() ?? throw EngineException.Invalid("CNI plugin configuration has no \"type\"");
        if (type.Contains('/', StringComparison.Ordinal) || type.StartsWith('.'))
        {
            throw EngineException.Invalid($"invalid CNI plugin type \"{type}\"");
        }

        var binary = Path.Combine(_pluginDirectory, type);
        if (!File.Exists(binary))
        {
            throw new EngineException(ErrorKind.FailedPrecondition, $"CNI plugin \"{type}\" not found in {_pluginDirectory}");
        }

        var verb = command.ToString().ToUpperInvariant();
        var request = new CommandRequest
        {
            Program = binary,
            Environment = PluginEnvironment(verb, args),
            Stdin = pluginConfig.ToJsonString(),
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        CommandResult result;
        try
        {
            result = await _commands.RunAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EngineException(ErrorKind.Unavailable, $"CNI plugin {type} {verb} timed out after {_timeout.TotalSeconds:0}s");
        }

        var output = result.Stdout;
        if (result.ExitCode != 0)
        {
            throw PluginFailure(type, verb, result.ExitCode, output, result.Stderr);
        }

        if (string.IsNullOrWhiteSpace(output))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(output);
        }
        catch (JsonException e)
        {
            throw new EngineException(ErrorKind.Unknown, $"CNI plugin {type} {verb} printed invalid JSON: {e.Message}");
        }
    }

    /// <summary>This process' environment with the spec's CNI_* parameters (plugins shell out to iptables and friends, so PATH stays).</summary>
    private List<string> PluginEnvironment(string verb, CniRuntimeArgs args)
    {
        var cni = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CNI_COMMAND"] = verb,
            ["CNI_CONTAINERID"] = args.ContainerId,
            ["CNI_NETNS"] = args.NetnsPath,
            ["CNI_IFNAME"] = args.InterfaceName,
            ["CNI_ARGS"] = args.FormatArgs(),
            ["CNI_PATH"] = _pluginDirectory,
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") is { Length: > 0 } path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        };
        var env = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (!cni.ContainsKey((string)entry.Key))
            {
                env.Add($"{entry.Key}={entry.Value}");
            }
        }

        env.AddRange(cni.Select(pair => $"{pair.Key}={pair.Value}"));
        return env;
    }

    public static CniResult ParseResult(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, NetworkJsonContext.Default.CniResult) ?? new CniResult();
        }
        catch (JsonException e)
        {
            throw new EngineException(ErrorKind.Unknown, $"invalid CNI result: {e.Message}");
        }
    }

    /// <summary>The spec's error object, or null when the text is not one.</summary>
    public static CniError? ParseError(string json)
    {
        try
        {
            var error = JsonSerializer.Deserialize(json, NetworkJsonContext.Default.CniError);
            return error is { Code: not 0 } || error is { Msg.Length: > 0 } ? error : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Serializes a result back into a prevResult or cache document.</summary>
    public static JsonNode ToJson(CniResult result) =>
        JsonNode.Parse(JsonSerializer.Serialize(result, NetworkJsonContext.Default.CniResult))!;

    /// <summary>
    /// The configuration one plugin of a list receives: its own object plus the list's cniVersion and name, the
    /// previous result, and runtimeConfig holding only the capabilities the plugin declares.
    /// </summary>
    public static JsonObject PluginConfig(JsonObject conflist, JsonObject plugin, JsonNode? prevResult, CniRuntimeArgs args)
    {
        ArgumentNullException.ThrowIfNull(conflist);
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentNullException.ThrowIfNull(args);
        var config = (JsonObject)plugin.DeepClone();
        config["cniVersion"] = conflist["cniVersion"]?.DeepClone() ?? "1.0.0";
        config["name"] = conflist["name"]?.DeepClone();
        if (prevResult is not null)
        {
            config["prevResult"] = prevResult.DeepClone();
        }

        if (plugin["capabilities"] is JsonObject declared)
        {
            var runtimeConfig = new JsonObject();
            foreach (var (capability, enabled) in declared)
            {
                if (enabled?.GetValueKind() == JsonValueKind.True && args.Capabilities.TryGetValue(capability, out var value))
                {
                    runtimeConfig[capability] = value.DeepClone();
                }
            }

            if (runtimeConfig.Count > 0)
            {
                config["runtimeConfig"] = runtimeConfig;
            }
        }

        return config;
    }

    private static IEnumerable<JsonObject> Plugins(JsonObject conflist) =>
        (conflist["plugins"] as JsonArray ?? throw EngineException.Invalid("CNI configuration list has no \"plugins\""))
        .Select(p => p as JsonObject ?? throw EngineException.Invalid("CNI configuration list has a plugin that is not an object"));

    private static EngineException PluginFailure(string type, string verb, int exitCode, string stdout, string stderr)
    {
        var error = string.IsNullOrWhiteSpace(stdout) ? null : ParseError(stdout);
        var message = error is null
            ? $"CNI plugin {type} {verb} failed (exit status {exitCode}): {(string.IsNullOrWhiteSpace(stderr) ? stdout.Trim() : stderr.Trim())}"
            : $"CNI plugin {type} {verb} failed: {error.Msg}" + (string.IsNullOrEmpty(error.Details) ? "" : $": {error.Details}") + $" (code {error.Code})";
        return new EngineException(ErrorKind.Unknown, message);
    }
}
