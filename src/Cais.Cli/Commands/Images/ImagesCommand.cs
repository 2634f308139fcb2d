using Cais.Cli.CommandLine;
using Cais.Cli.Rendering;
using Cais.Common;
using Cais.Distribution;
using Cais.Images;
using Cais.Metadata;

namespace Cais.Cli.Commands.Images;

public static class ImagesCommand
{
    private static readonly Dictionary<string, string> s_headers = new()
    {
        ["Repository"] = "REPOSITORY", ["Tag"] = "TAG", ["ID"] = "IMAGE ID", ["CreatedSince"] = "CREATED",
        ["CreatedAt"] = "CREATED AT", ["Size"] = "SIZE", ["Digest"] = "DIGEST", ["Containers"] = "CONTAINERS",
    };

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
        var filter = args.Positionals.Count == 1 ? args.Positionals[0] : null;
        var rows = new List<TemplateValue>();
        var now = DateTimeOffset.UtcNow;
        var seen = new HashSet<string>();
        foreach (var (image, names) in context.Engine.Images.List())
        {
            var tags = names.Where(n => !n.IsDigest).Select(n => ImageReference.Parse(n.Name)).ToList();
            var digests = names.Where(n => n.IsDigest).Select(n => ImageReference.Parse(n.Name)).ToList();
            var entries = tags.Count > 0
                ? tags.Select(t => (Repo: t.FamiliarName, Tag: t.Tag ?? "<none>", Digest: digests.FirstOrDefault(d => d.Repository == t.Repository)?.Digest?.ToString() ?? "<none>"))
                : digests.Count > 0
                    ? digests.Select(d => (Repo: d.FamiliarName, Tag: "<none>", Digest: d.Digest?.ToString() ?? "<none>"))
                    : [("<none>", "<none>", "<none>")];
            foreach (var entry in entries)
            {
                if (filter is not null && !Matches(filter, entry.Repo, entry.Tag))
                {
                    continue;
                }

                if (args.GetBool("quiet"))
                {
                    if (seen.Add(image.Id))
                    {
                        rows.Add(TemplateValue.FromObject(("ID", TemplateValue.FromString(noTrunc ? image.Id : Digest.Parse(image.Id).Short))));
                    }

                    continue;
                }

                rows.Add(Row(image, entry.Repo, entry.Tag, entry.Digest, noTrunc, now));
            }
        }

        var template = args.GetBool("quiet")
            ? "{{.ID}}"
            : args.GetBool("digests")
                ? "{{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
                : "{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
        var format = OutputFormat.Parse(args.GetBool("quiet") ? "{{.ID}}" : args.GetString("format"), template, s_headers);
        await context.Out.WriteAsync(format.Render(rows)).ConfigureAwait(false);
        return 0;
    }

    private static bool Matches(string filter, string repo, string tag)
    {
        var colon = filter.LastIndexOf(':');
        var slash = filter.LastIndexOf('/');
        return colon > slash ? repo == filter[..colon] && tag == filter[(colon + 1)..] : repo == filter;
    }

    private static TemplateValue Row(ImageRecord image, string repo, string tag, string digest, bool noTrunc, DateTimeOffset now) =>
        TemplateValue.FromObject(
            ("Containers", TemplateValue.FromString("N/A")),
            ("CreatedAt", TemplateValue.FromString(image.Created.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture))),
            ("CreatedSince", TemplateValue.FromString(Humanize.Ago(image.Created, now))),
            ("Digest", TemplateValue.FromString(digest)),
            ("ID", TemplateValue.FromString(noTrunc ? image.Id : Digest.Parse(image.Id).Short)),
            ("Repository", TemplateValue.FromString(repo)),
            ("Size", TemplateValue.FromString(Humanize.HumanSize(image.Size))),
            ("Tag", TemplateValue.FromString(tag)));
}
