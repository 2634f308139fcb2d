namespace Cais.Cli.Completion;

/// <summary>The candidates for the word being completed, each with an optional description, and the directive.</summary>
public sealed record CompletionAnswer(IReadOnlyList<(string Value, string Description)> Candidates, CompletionDirective Directive)
{
    /// <summary>The wire form the shell scripts read: "value[TAB description]" lines, then ":directive".</summary>
    public string Render(bool descriptions)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (value, description) in Candidates)
        {
            sb.Append(value);
            if (descriptions && description.Length > 0)
            {
                // The first line only: the shells show one line per candidate (format help runs over several).
                var firstLine = description.IndexOf('\n', StringComparison.Ordinal) is var end and >= 0 ? description[..end] : description;
                sb.Append('\t').Append(firstLine);
            }

            sb.Append('\n');
        }

        return sb.Append(':').Append((int)Directive).Append('\n').ToString();
    }
}
