using System.Globalization;
using System.Text;
using Cais.Cli.Rendering;
using Cais.Metadata;

namespace Cais.Cli.Tests.Rendering;

/// <summary>Tables, Docker's --format modes and go-units' human wording, against expected-output files.</summary>
public sealed class RendererTests
{
    private static readonly Dictionary<string, string> s_headers = new(StringComparer.Ordinal)
    {
        ["ID"] = "CONTAINER ID",
        ["Image"] = "IMAGE",
        ["Status"] = "STATUS",
        ["Names"] = "NAMES",
    };

    private static readonly TemplateValue[] s_rows =
    [
        TemplateValue.FromObject(("ID", "0123456789ab"), ("Image", "busybox"), ("Status", "Up 2 minutes"), ("Names", "web")),
        TemplateValue.FromObject(("ID", "ba9876543210"), ("Image", "registry.example:5000/team/a-much-longer-image-name:1.2"), ("Status", "Exited (137) 3 hours ago"), ("Names", "x")),
    ];

    [Theory]
    [InlineData("", "format-default.txt")]
    [InlineData("table", "format-default.txt")]
    [InlineData("table {{.Names}}\\t{{.Status}}", "format-table-template.txt")]
    [InlineData("json", "format-json.txt")]
    [InlineData("{{.Names}}: {{.Image}}", "format-raw.txt")]
    public void Format_modes_render_like_docker(string format, string expected) =>
        ExpectedOutput.Matches(expected, OutputFormat.Parse(format, "{{.ID}}\t{{.Image}}\t{{.Status}}\t{{.Names}}", s_headers).Render(s_rows));

    [Fact]
    public void Table_pads_columns_to_the_widest_cell_plus_three()
    {
        var table = new TableWriter();
        table.AddRow("NETWORK ID", "NAME", "DRIVER", "SCOPE");
        table.AddRow("0123456789ab", "bridge", "bridge", "local");
        table.AddRow("1", "a-network-with-a-long-name", "null", "local");

        ExpectedOutput.Matches("table.txt", table.ToString());
    }

    [Fact]
    public void Humanize_words_sizes_durations_and_statuses_as_go_units()
    {
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var text = new StringBuilder();
        foreach (var size in new double[] { 0, 512, 999, 1000, 4_260_000, 1_234_567_890, 12_345_678_901_234 })
        {
            text.Append(CultureInfo.InvariantCulture, $"size {size} => {Humanize.HumanSize(size)}\n");
        }

        foreach (var seconds in new double[] { 0.5, 1, 59, 60, 61, 119, 3599, 3600, 7200, 86_400 * 2, 86_400 * 14, 86_400 * 60, 86_400 * 800 })
        {
            text.Append(CultureInfo.InvariantCulture, $"duration {seconds}s => {Humanize.HumanDuration(TimeSpan.FromSeconds(seconds))}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"ago => {Humanize.Ago(now.AddMinutes(-5), now)}\n");
        // Docker's STATUS text is the engine's (the API returns it); the CLI prints it as is.
        text.Append(CultureInfo.InvariantCulture, $"up => {Status(new() { Status = ContainerStatus.Running, StartedAt = now.AddSeconds(-30) }, now)}\n");
        text.Append(CultureInfo.InvariantCulture, $"up paused => {Status(new() { Status = ContainerStatus.Paused, StartedAt = now.AddHours(-2) }, now)}\n");
        text.Append(CultureInfo.InvariantCulture, $"exited => {Status(new() { Status = ContainerStatus.Exited, ExitCode = 137, FinishedAt = now.AddDays(-3) }, now)}\n");
        text.Append(CultureInfo.InvariantCulture, $"created => {Status(new() { Status = ContainerStatus.Created }, now)}\n");

        ExpectedOutput.Matches("humanize.txt", text.ToString());
    }

    private static string Status(ContainerStateRecord state, DateTimeOffset now) => Cais.Containers.Listing.ContainerStatusText.Of(state, now);
}
