using System.Globalization;
using System.Text;

namespace Cais.Containers.Logs;

/// <summary>
/// One record of conmon's k8s-file log, "&lt;RFC3339Nano time&gt; &lt;stdout|stderr&gt; &lt;P|F&gt; &lt;text&gt;" without its
/// newline. P marks a piece of a line that the stream's next records continue; F ends the line.
/// </summary>
internal readonly ref struct K8sLogRecord
{
    private K8sLogRecord(ReadOnlySpan<byte> time, bool isStderr, bool partial, ReadOnlySpan<byte> text)
    {
        TimeText = time;
        IsStderr = isStderr;
        Partial = partial;
        Text = text;
    }

    public ReadOnlySpan<byte> TimeText { get; }

    public bool IsStderr { get; }

    public bool Partial { get; }

    public ReadOnlySpan<byte> Text { get; }

    public static bool TryParse(ReadOnlySpan<byte> line, out K8sLogRecord record)
    {
        record = default;
        var first = line.IndexOf((byte)' ');
        if (first <= 0)
        {
            return false;
        }

        var rest = line[(first + 1)..];
        bool isStderr;
        if (rest.StartsWith("stdout "u8))
        {
            isStderr = false;
        }
        else if (rest.StartsWith("stderr "u8))
        {
            isStderr = true;
        }
        else
        {
            return false;
        }

        rest = rest[7..];
        if (rest.IsEmpty || (rest[0] != (byte)'P' && rest[0] != (byte)'F') || (rest.Length > 1 && rest[1] != (byte)' '))
        {
            return false;
        }

        // An empty full line is "F " (conmon writes the separator even before empty text); accept a bare "F" too.
        record = new K8sLogRecord(line[..first], isStderr, rest[0] == (byte)'P', rest.Length > 2 ? rest[2..] : []);
        return true;
    }

    /// <summary>The record's time; conmon writes nanoseconds and the host's UTC offset.</summary>
    public DateTimeOffset ParseTime()
    {
        Span<char> chars = stackalloc char[64];
        if (TimeText.Length > chars.Length)
        {
            return default;
        }

        var length = Encoding.ASCII.GetChars(TimeText, chars);
        return DateTimeOffset.TryParse(chars[..length], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : default;
    }
}
