namespace Cais.Api;

/// <summary>
/// One entry of a container summary's Ports: IP "" and PublicPort 0 for an exposed port that is not published.
/// </summary>
public sealed record Port
{
    public string IP { get; init; } = "";

    public int PrivatePort { get; init; }

    public int PublicPort { get; init; }

    public string Type { get; init; } = "";
}
