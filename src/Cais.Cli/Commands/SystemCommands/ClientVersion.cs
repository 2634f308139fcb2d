using Cais.Cli.Rendering;

namespace Cais.Cli.Commands.SystemCommands;

/// <summary>
/// The Client section of <c>version</c>, with the docker CLI's field names. Client and engine are one binary, so
/// the facts are the same build's; the API version is the one the engine's results follow (nothing to negotiate).
/// </summary>
public sealed record ClientVersion
{
    public required string Version { get; init; }

    public required string ApiVersion { get; init; }

    public required string DefaultAPIVersion { get; init; }

    public required string GitCommit { get; init; }

    public required string GoVersion { get; init; }

    public required string Os { get; init; }

    public required string Arch { get; init; }

    /// <summary>Go's ANSIC layout, as the docker CLI shows its own build time.</summary>
    public required string BuildTime { get; init; }

    public required string Context { get; init; }

    /// <summary>This binary's facts, as the engine in this process reports them in <paramref name="server"/>.</summary>
    public static ClientVersion Of(Api.SystemVersion server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new ClientVersion
        {
            Version = server.Version,
            ApiVersion = server.ApiVersion,
            DefaultAPIVersion = server.ApiVersion,
            GitCommit = server.GitCommit,
            GoVersion = server.GoVersion,
            Os = server.Os,
            Arch = server.Arch,
            BuildTime = VersionText.Ansic(server.BuildTime),
            Context = GlobalFlags.DefaultContext,
        };
    }

    /// <summary>A Go struct: naming a field it lacks is a template error.</summary>
    public TemplateValue ToTemplateValue() => TemplateValue.FromStruct(
        "command.clientVersion",
        [
            KeyValuePair.Create(nameof(Version), TemplateValue.FromString(Version)),
            KeyValuePair.Create(nameof(ApiVersion), TemplateValue.FromString(ApiVersion)),
            KeyValuePair.Create(nameof(DefaultAPIVersion), TemplateValue.FromString(DefaultAPIVersion)),
            KeyValuePair.Create(nameof(GitCommit), TemplateValue.FromString(GitCommit)),
            KeyValuePair.Create(nameof(GoVersion), TemplateValue.FromString(GoVersion)),
            KeyValuePair.Create(nameof(Os), TemplateValue.FromString(Os)),
            KeyValuePair.Create(nameof(Arch), TemplateValue.FromString(Arch)),
            KeyValuePair.Create(nameof(BuildTime), TemplateValue.FromString(BuildTime)),
            KeyValuePair.Create(nameof(Context), TemplateValue.FromString(Context)),
        ]);
}
