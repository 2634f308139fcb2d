namespace Cais.Cli.Rendering;

/// <summary>
/// Docker's --format handling for list commands: "" or "table" (default table), "table TEMPLATE", "json" (one JSON object per line),
/// or a raw TEMPLATE printed once per item followed by a newline.
/// </summary>
public sealed class OutputFormat
{
    private readonly GoTemplate _template;
    private readonly TemplateValue _headers;
    private readonly string _errorPrefix;

    private OutputFormat(GoTemplate template, bool isTable, TemplateValue headers, string errorPrefix = "")
    {
        _template = template;
        IsTable = isTable;
        _headers = headers;
        _errorPrefix = errorPrefix;
    }

    public bool IsTable { get; }

    /// <param name="format">The user's --format value (null or empty for the default).</param>
    /// <param name="defaultTableTemplate">e.g. "{{.ID}}\t{{.Image}}\t{{.Command}}".</param>
    /// <param name="headers">Field name to column title, e.g. ID -> "CONTAINER ID".</param>
    public static OutputFormat Parse(string? format, string defaultTableTemplate, IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Parse(format, defaultTableTemplate, TemplateValue.FromObject(headers.Select(h => KeyValuePair.Create(h.Key, TemplateValue.FromString(h.Value)))), "");
    }

    /// <summary>A list whose rows are Docker's formatter contexts: unknown members fail as they do in docker.</summary>
    public static OutputFormat Parse(string? format, string defaultTableTemplate, TemplateRowType rowType)
    {
        ArgumentNullException.ThrowIfNull(rowType);
        try
        {
            return Parse(format, defaultTableTemplate, rowType.HeaderRow(), rowType.ExecutionErrorPrefix);
        }
        catch (TemplateException e) when (e.IsParseError)
        {
            const string goPrefix = "template parsing error: ";
            var message = e.Message.StartsWith(goPrefix, StringComparison.Ordinal) ? e.Message[goPrefix.Length..] : e.Message;
            throw new TemplateException(rowType.ParseErrorPrefix + message, e);
        }
    }

    private static OutputFormat Parse(string? format, string defaultTableTemplate, TemplateValue headerValue, string errorPrefix)
    {
        format ??= string.Empty;
        if (format.Length == 0 || format == "table")
        {
            return new OutputFormat(GoTemplate.Parse(defaultTableTemplate), isTable: true, headerValue, errorPrefix);
        }

        if (format.StartsWith("table ", StringComparison.Ordinal))
        {
            return new OutputFormat(GoTemplate.Parse(Unescape(format["table ".Length..]), "", "table ".Length), isTable: true, headerValue, errorPrefix);
        }

        if (format == "json")
        {
            return new OutputFormat(GoTemplate.Parse("{{json .}}"), isTable: false, headerValue, errorPrefix);
        }

        return new OutputFormat(GoTemplate.Parse(Unescape(format)), isTable: false, headerValue, errorPrefix);
    }

    /// <summary>Renders all items (with a header row for tables) as the final text.</summary>
    public string Render(IEnumerable<TemplateValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        try
        {
            return RenderAll(items);
        }
        catch (TemplateException e) when (!e.IsParseError && _errorPrefix.Length > 0)
        {
            throw new TemplateException(_errorPrefix + e.Message, e);
        }
    }

    private string RenderAll(IEnumerable<TemplateValue> items)
    {
        if (!IsTable)
        {
            var sb = new System.Text.StringBuilder();
            foreach (var item in items)
            {
                sb.Append(_template.Execute(item)).Append('\n');
            }

            return sb.ToString();
        }

        var table = new TableWriter();
        table.Write(_template.Execute(_headers, headerMode: true));
        foreach (var item in items)
        {
            table.Write(_template.Execute(item));
        }

        return table.ToString();
    }

    // Docker lets users type "\t" and "\n" literally in --format (shells do not expand them).
    private static string Unescape(string format) =>
        format.Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
}
