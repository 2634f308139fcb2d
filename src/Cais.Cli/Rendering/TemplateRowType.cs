namespace Cais.Cli.Rendering;

/// <summary>
/// The row a list command's <c>--format</c> runs on, as Docker's formatter contexts are: a Go type (named in "can't
/// evaluate field X in type *formatter.ContainerContext"), its members with their column titles, and the members that
/// take arguments (<c>{{.Label "key"}}</c>, whose column title is the key). Rows are structs of this type.
/// </summary>
public sealed class TemplateRowType
{
    private readonly IReadOnlyDictionary<string, string> _titles;
    private readonly IReadOnlyList<string> _argumentMethods;

    /// <param name="goType">e.g. <c>*formatter.ContainerContext</c>.</param>
    /// <param name="titles">Every member taking no argument, with its column title.</param>
    /// <param name="executionErrorPrefix">
    /// What docker puts before a failing row's error: "failed to execute template: " (ps) or "template parsing error: ";
    /// its parse errors then read "failed to parse template: " (ps) or "template parsing error: ", exit 1 (not inspect's 64).
    /// </param>
    /// <param name="argumentMethods">Members taking one argument.</param>
    public TemplateRowType(string goType, IReadOnlyDictionary<string, string> titles, string executionErrorPrefix, params string[] argumentMethods)
    {
        GoType = goType;
        _titles = titles;
        ExecutionErrorPrefix = executionErrorPrefix;
        _argumentMethods = argumentMethods;
    }

    public string GoType { get; }

    public string ExecutionErrorPrefix { get; }

    public string ParseErrorPrefix => ExecutionErrorPrefix.Replace("execute", "parse", StringComparison.Ordinal);

    /// <summary>A row: the member values (zero-argument members) and <see cref="TemplateValue.Method"/>s for the others.</summary>
    public TemplateValue Row(params (string Name, TemplateValue Value)[] members) => TemplateValue.FromStruct(GoType, members);

    /// <summary>The header row: each member's title; a member taking an argument shows the argument (a label's key).</summary>
    public TemplateValue HeaderRow() => TemplateValue.FromStruct(GoType,
        _titles.Select(t => KeyValuePair.Create(t.Key, TemplateValue.FromString(t.Value)))
            .Concat(_argumentMethods.Select(m => KeyValuePair.Create(m, TemplateValue.Method(1, args => TemplateValue.FromString(args[0].Text))))));
}
