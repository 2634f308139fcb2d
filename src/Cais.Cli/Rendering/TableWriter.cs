using System.Text;

namespace Cais.Cli.Rendering;

/// <summary>
/// Aligns tab-separated cells the way Go's text/tabwriter does with docker's settings (minwidth 10, padding 3, pad with spaces):
/// each column is as wide as its widest cell plus padding but at least minwidth; the last cell of a line is not padded.
/// Columns are computed per block of consecutive lines that have that column, as tabwriter does.
/// </summary>
public sealed class TableWriter
{
    private readonly List<string[]> _lines = [];

    public TableWriter(int minWidth = 10, int padding = 3)
    {
        MinWidth = minWidth;
        Padding = padding;
    }

    public int MinWidth { get; }

    public int Padding { get; }

    /// <summary>Adds one row; each element is a cell.</summary>
    public void AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        _lines.Add(cells);
    }

    /// <summary>Adds text containing '\t' cell separators; embedded newlines start new lines.</summary>
    public void Write(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            _lines.Add(line.Split('\t'));
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        Format(sb, 0, _lines.Count, 0, []);
        return sb.ToString();
    }

    public Task WriteToAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return writer.WriteAsync(ToString().AsMemory(), cancellationToken);
    }

    private void Format(StringBuilder sb, int line0, int line1, int column, List<int> widths)
    {
        var current = line0;
        for (var i = line0; i < line1; i++)
        {
            // Only cells followed by a separator form a column; the last one is free text.
            if (column >= _lines[i].Length - 1)
            {
                continue;
            }

            WriteLines(sb, current, i, widths);
            var width = MinWidth;
            var end = i;
            for (; end < line1 && column < _lines[end].Length - 1; end++)
            {
                width = Math.Max(width, CellWidth(_lines[end][column]) + Padding);
            }

            widths.Add(width);
            Format(sb, i, end, column + 1, widths);
            widths.RemoveAt(widths.Count - 1);
            current = end;
            i = end - 1;
        }

        WriteLines(sb, current, line1, widths);
    }

    private void WriteLines(StringBuilder sb, int from, int to, List<int> widths)
    {
        for (var i = from; i < to; i++)
        {
            var cells = _lines[i];
            for (var j = 0; j < cells.Length; j++)
            {
                sb.Append(cells[j]);
                if (j < widths.Count && j < cells.Length - 1)
                {
                    sb.Append(' ', widths[j] - CellWidth(cells[j]));
                }
            }

            sb.Append('\n');
        }
    }

    private static int CellWidth(string cell)
    {
        var n = 0;
        foreach (var _ in cell.EnumerateRunes())
        {
            n++;
        }

        return n;
    }
}
