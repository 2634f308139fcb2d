using System.Globalization;
using Cais.Common;

namespace Cais.Containers.Listing;

/// <summary>A "publish" or "expose" filter's value: PORT, PORT/PROTO or FIRST-LAST[/PROTO] (protocol tcp by default).</summary>
public sealed record PortFilter(int First, int Last, string Protocol)
{
    public bool Covers(int port, string protocol) => First <= port && port <= Last && Protocol == protocol;

    /// <summary>Reads a value, refusing what Docker refuses with its words.</summary>
    /// <param name="key">"publish" or "expose", for the error.</param>
    /// <param name="value">The value.</param>
    public static PortFilter Parse(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains(':', StringComparison.Ordinal))
        {
            throw EngineException.Invalid($"filter for '{key}' should not contain ':': {value}");
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var ports = slash < 0 ? value : value[..slash];
        var protocol = slash < 0 || slash == value.Length - 1 ? "tcp" : value[(slash + 1)..];
        var dash = ports.IndexOf('-', StringComparison.Ordinal);
        var first = Number(key, value, dash < 0 ? ports : ports[..dash]);
        var last = dash < 0 ? first : Number(key, value, ports[(dash + 1)..]);
        if (last < first)
        {
            throw EngineException.Invalid($"error while looking up for {key} {value}: invalid range specified for port: {ports}");
        }

        return new PortFilter(first, last, protocol);
    }

    private static int Number(string key, string value, string text)
    {
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            return ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                ? port
                : throw EngineException.Invalid($"error while looking up for {key} {value}: strconv.ParseUint: parsing \"{text}\": value out of range");
        }

        throw EngineException.Invalid($"error while looking up for {key} {value}: strconv.ParseUint: parsing \"{text}\": invalid syntax");
    }
}
