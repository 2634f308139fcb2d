using Cais.Api;
using Cais.Cli.CommandLine;
using Cais.Cli.Rendering;
using Cais.Common;
using Cais.Distribution;

namespace Cais.Cli.Commands.Images;

public static class ImagesCommand
{
    // Docker's formatter.imageContext: its members and their column titles.
    private static readonly TemplateRowType s_rowType = new("*formatter.imageContext", new Dictionary<string, string>
    {
        ["Repository"] = "REPOSITORY", ["Tag"] = "TAG", ["ID"] = "IMAGE ID", ["CreatedSince"] = "CREATED",
        ["CreatedAt"] = "CREATED AT", ["Size"] = "SIZE", ["Digest"] = "DIGEST", ["Containers"] = "CONTAINERS",
        ["SharedSize"] = "SHARED SIZE", ["UniqueSize"] = "UNIQUE SIZE", ["VirtualSize"] = "VIRTUAL SIZE",
    }, "template parsing error: ");

    public static CommandSpec Spec(string name = "images") => new(name, "List images")
    {
        Usage = name == "images" ? "cais images [OPTIONS] [REPOSITORY[:TAG]]" : "cais image ls [OPTIONS] [REPOSITORY[:TAG]]",
        IsCommon = name == "images",
        Aliases = name == "ls" ? ["list"] : [],
        MaxArgs = 1,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Show all images (default hides intermediate images)"),
            OptionSpec.Flag("digests", null, "Show digests"),
            FilterOption.Spec('f', "Filter output based on conditions provided"),
            OptionSpec.Str("format", null, "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template"),
            OptionSpec.Flag("no-trunc", null, "Don't truncate output"),
            OptionSpec.Flag("quiet", 'q', "Only show image IDs"),
        ],
        Handler = Handler.Of(RunAsync),
    };

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Args;
        var noTrunc = args.GetBool("no-trunc");
        // As the docker CLI does, REPOSITORY[:TAG] is one more "reference" filter.
        var filters = FilterOption.Read(args);
        if (args.Positionals.Count == 1)
        {
            filters.Add("reference", args.Positionals[0]);
        }

        var rows = new List<TemplateValue>();
        var now = DateTimeOffset.UtcNow;
        var seen = new HashSet<string>();
        var images = await context.Images.ListAsync(new ImageListOptions { All = args.GetBool("all"), Filters = filters }, cancellationToken).ConfigureAwait(false);
        foreach (var image in images)
        {
            foreach (var (repo, tag, digest) in Entries(image))
            {
                if (args.GetBool("quiet"))
                {
                    if (seen.Add(image.Id))
                    {
                        rows.Add(s_rowType.Row(("ID", TemplateValue.FromString(noTrunc ? image.Id : Digest.Parse(image.Id).Short))));
                    }

                    continue;
                }

                rows.Add(Row(image, repo, tag, digest, noTrunc, now));
            }
        }

        var template = args.GetBool("quiet")
            ? "{{.ID}}"
            : args.GetBool("digests")
                ? "{{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
                : "{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
        var format = OutputFormat.Parse(args.GetBool("quiet") ? "{{.ID}}" : args.GetString("format"), template, s_rowType);
        await context.Out.WriteAsync(format.Render(rows)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Docker's CLI rows of an image: one per tag (with the digest of its repository), else one per digest, else one.</summary>
    private static IEnumerable<(string Repo, string Tag, string Digest)> Entries(ImageSummary image)
    {
        var tags = (image.RepoTags ?? []).Select(ImageReference.Parse).ToList();
        var digests = (image.RepoDigests ?? []).Select(ImageReference.Parse).ToList();
        return tags.Count > 0
            ? tags.Select(t => (t.FamiliarName, t.Tag ?? "<none>", digests.FirstOrDefault(d => d.Repository == t.Repository)?.Digest?.ToString() ?? "<none>"))
            : digests.Count > 0
                ? digests.Select(d => (d.FamiliarName, "<none>", d.Digest?.ToString() ?? "<none>"))
                : [("<none>", "<none>", "<none>")];
    }

    private static TemplateValue Row(ImageSummary image, string repo, string tag, string digest, bool noTrunc, DateTimeOffset now)
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(image.Created);
        return s_rowType.Row(
            ("Containers", TemplateValue.FromString("N/A")),
            ("CreatedAt", TemplateValue.FromString(Humanize.GoTime(created))),
            ("CreatedSince", TemplateValue.FromString(Humanize.Ago(created, now))),
            ("Digest", TemplateValue.FromString(digest)),
            ("ID", TemplateValue.FromString(noTrunc ? image.Id : Digest.Parse(image.Id).Short)),
            ("Repository", TemplateValue.FromString(repo)),
            ("SharedSize", TemplateValue.FromString("N/A")),
            ("Size", TemplateValue.FromString(Humanize.HumanSize(image.Size))),
            ("Tag", TemplateValue.FromString(tag)),
            ("UniqueSize", TemplateValue.FromString("N/A")),
            ("VirtualSize", TemplateValue.FromString(Humanize.HumanSize(image.Size, precision: 4))));
    }
}
