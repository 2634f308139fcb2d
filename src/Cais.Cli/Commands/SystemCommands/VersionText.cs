using System.Globalization;
using System.Text;
using Cais.Api;

namespace Cais.Cli.Commands.SystemCommands;

/// <summary><c>version</c>'s default layout: Docker's Client section, then the Server's components, label column of 18.</summary>
public static class VersionText
{
    private const int LabelWidth = 19;

    public static string Render(ClientVersion client, SystemVersion server)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(server);
        var sb = new StringBuilder("Client:\n");
        Line(sb, " ", "Version", client.Version);
        Line(sb, " ", "API version", client.ApiVersion);
        Line(sb, " ", "Go version", client.GoVersion);
        Line(sb, " ", "Git commit", client.GitCommit);
        Line(sb, " ", "Built", client.BuildTime);
        Line(sb, " ", "OS/Arch", $"{client.Os}/{client.Arch}");
        Line(sb, " ", "Context", client.Context);

        sb.Append("\nServer:");
        if (server.Platform.Name.Length > 0)
        {
            sb.Append(' ').Append(server.Platform.Name);
        }

        sb.Append('\n');
        foreach (var component in server.Components ?? [])
        {
            sb.Append(' ').Append(component.Name).Append(":\n");
            Line(sb, "  ", "Version", component.Version);
            if (component.Name == "Engine")
            {
                Line(sb, "  ", "API version", $"{server.ApiVersion} (minimum version {server.MinAPIVersion})");
                Line(sb, "  ", "Go version", server.GoVersion);
                Line(sb, "  ", "Git commit", server.GitCommit);
                Line(sb, "  ", "Built", Ansic(server.BuildTime));
                Line(sb, "  ", "OS/Arch", $"{server.Os}/{server.Arch}");
                Line(sb, "  ", "Experimental", server.Experimental ? "true" : "false");
                continue;
            }

            foreach (var (key, value) in component.Details ?? new Dictionary<string, string>())
            {
                Line(sb, "  ", key, value);
            }
        }

        return sb.ToString();
    }

    /// <summary>An RFC 3339 time in Go's ANSIC layout ("Mon Jan _2 15:04:05 2006"), local time, as docker shows build times.</summary>
    public static string Ansic(string? rfc3339)
    {
        if (!DateTimeOffset.TryParse(rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return rfc3339 ?? "";
        }

        var local = time.ToLocalTime();
        return local.ToString("ddd MMM ", CultureInfo.InvariantCulture) + local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
            + local.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);
    }

    private static void Line(StringBuilder sb, string indent, string label, string value) =>
        sb.Append(indent).Append((label + ":").PadRight(LabelWidth - indent.Length + 1)).Append(value).Append('\n');
}
