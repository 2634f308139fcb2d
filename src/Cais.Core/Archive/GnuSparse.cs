using System.Formats.Tar;
using System.Globalization;
using Cais.Common;

namespace Cais.Archive;

/// <summary>
/// GNU tar's sparse files in PAX archives (<c>tar -S</c>). The entry is named <c>GNUSparseFile.N/name</c> and holds
/// only the data ranges; the real name, the real size and the map of data ranges are in PAX records (formats 0.0 and
/// 0.1) or in a map that prefixes the data (format 1.0). Docker unpacks them (Go's archive/tar expands them), so
/// layers built with <c>tar -S</c> must come out as the real file. Everything here is untrusted input.
/// </summary>
internal sealed class GnuSparse
{
    /// <summary>
    /// One segment per data extent of the original file: a million is far beyond any real file, and the map costs
    /// 16 bytes a segment in memory.
    /// </summary>
    internal const int MaxSegments = 1 << 20;

    /// <summary>
    /// Holes cost nothing on disk here, but any tool that copies the layer without hole support (export, cp on a
    /// filesystem without SEEK_HOLE) writes the full size: 1 TiB is beyond any real image file.
    /// </summary>
    internal const long MaxRealSize = 1L << 40;

    private const int BlockSize = 512;
    private const int MaxDigits = 19;
    private const string Prefix = "GNU.sparse.";

    private readonly List<SparseSegment>? _recordMap;

    private GnuSparse(string realName, long realSize, List<SparseSegment>? recordMap)
    {
        RealName = realName;
        RealSize = realSize;
        _recordMap = recordMap;
    }

    public string RealName { get; }

    public long RealSize { get; }

    /// <summary>The sparse description of <paramref name="entry"/>, or null for an ordinary entry.</summary>
    public static GnuSparse? Detect(TarEntry entry)
    {
        if (entry is not PaxTarEntry pax || !pax.ExtendedAttributes.Keys.Any(k => k.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            return null;
        }

        var records = pax.ExtendedAttributes;
        var name = records.TryGetValue(Prefix + "name", out var realName) && realName.Length > 0 ? realName : entry.Name;
        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
        {
            throw Invalid(name, $"is a GNU sparse record on a {entry.EntryType} entry");
        }

        records.TryGetValue(Prefix + "major", out var major);
        records.TryGetValue(Prefix + "minor", out var minor);
        var version = (major, minor) switch
        {
            ("1", "0") => "1.0",
            ("0", "0" or "1") or (null, null) => records.ContainsKey(Prefix + "map") ? "0.1" : "0.0",
            _ => throw Invalid(name, $"has unsupported GNU sparse format {major}.{minor}"),
        };

        var sizeText = records.GetValueOrDefault(Prefix + "size") ?? records.GetValueOrDefault(Prefix + "realsize")
            ?? throw Invalid(name, "is a GNU sparse file without its real size");
        var realSize = Number(sizeText, name, "real size");
        if (realSize > MaxRealSize)
        {
            throw Invalid(name, $"is a GNU sparse file of {realSize} bytes, over the limit of {MaxRealSize}");
        }

        var map = version switch
        {
            "1.0" => null,
            "0.1" => ParseRecordMap(records[Prefix + "map"], name),
            _ => ParseSingleBlock(records, name),
        };
        return new GnuSparse(name, realSize, map);
    }

    /// <summary>
    /// The validated data ranges. For format 1.0 the map is read from the start of <paramref name="data"/>, which is
    /// left at the first data byte. Nothing has been written when this throws.
    /// </summary>
    public async Task<IReadOnlyList<SparseSegment>> ReadMapAsync(Stream? data, long physicalLength, CancellationToken cancellationToken)
    {
        var map = _recordMap;
        var dataLength = physicalLength;
        if (map is null)
        {
            if (data is null)
            {
                throw Invalid(RealName, "is a GNU sparse file without its map");
            }

            var reader = new MapReader(data, RealName);
            var count = await reader.NextAsync(cancellationToken).ConfigureAwait(false);
            if (count > MaxSegments)
            {
                throw Invalid(RealName, $"has a GNU sparse map of {count} entries, over the limit of {MaxSegments}");
            }

            map = new List<SparseSegment>((int)count);
            for (var i = 0; i < count; i++)
            {
                var offset = await reader.NextAsync(cancellationToken).ConfigureAwait(false);
                var length = await reader.NextAsync(cancellationToken).ConfigureAwait(false);
                map.Add(new SparseSegment(offset, length));
            }

            dataLength -= reader.Consumed;
        }

        Validate(map, dataLength);
        return map;
    }

    private void Validate(List<SparseSegment> map, long dataLength)
    {
        long end = 0, total = 0;
        foreach (var segment in map)
        {
            // Non-negative by parsing; the sum cannot overflow as both parts are below MaxRealSize once checked.
            if (segment.Offset < end || segment.Offset > RealSize || segment.Length > RealSize - segment.Offset)
            {
                throw Invalid(RealName, $"has a GNU sparse map entry {segment.Offset},{segment.Length} that overlaps, is out of order or lies beyond the real size {RealSize}");
            }

            end = segment.End;
            total += segment.Length;
        }

        if (total != dataLength)
        {
            throw Invalid(RealName, $"has a GNU sparse map naming {total} bytes of data but holds {dataLength}");
        }
    }

    private static List<SparseSegment> ParseRecordMap(string text, string name)
    {
        var fields = text.Length == 0 ? [] : text.Split(',');
        if (fields.Length % 2 != 0)
        {
            throw Invalid(name, "has a GNU sparse map with an odd number of fields");
        }

        if (fields.Length / 2 > MaxSegments)
        {
            throw Invalid(name, $"has a GNU sparse map of {fields.Length / 2} entries, over the limit of {MaxSegments}");
        }

        var map = new List<SparseSegment>(fields.Length / 2);
        for (var i = 0; i < fields.Length; i += 2)
        {
            map.Add(new SparseSegment(Number(fields[i], name, "map offset"), Number(fields[i + 1], name, "map length")));
        }

        return map;
    }

    /// <summary>
    /// Format 0.0 repeats GNU.sparse.offset/numbytes once per block; System.Formats.Tar refuses repeated PAX records
    /// (the archive fails as invalid), so only a single-block map can reach this point.
    /// </summary>
    private static List<SparseSegment> ParseSingleBlock(IReadOnlyDictionary<string, string> records, string name)
    {
        if (!records.TryGetValue(Prefix + "offset", out var offset) || !records.TryGetValue(Prefix + "numbytes", out var length))
        {
            return records.TryGetValue(Prefix + "numblocks", out var blocks) && blocks == "0"
                ? []
                : throw Invalid(name, "has GNU sparse records without a map");
        }

        return [new SparseSegment(Number(offset, name, "map offset"), Number(length, name, "map length"))];
    }

    private static long Number(string text, string name, string what) =>
        text.Length is > 0 and <= MaxDigits && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(name, $"has an invalid GNU sparse {what} \"{text}\"");

    private static EngineException Invalid(string name, string problem) =>
        new(ErrorKind.InvalidArgument, $"layer entry \"{name}\" {problem}");

    /// <summary>Reads the 1.0 map: newline-terminated decimal numbers, padded with NULs to a 512-byte block.</summary>
    private sealed class MapReader(Stream data, string name)
    {
        private readonly byte[] _block = new byte[BlockSize];
        private int _position = BlockSize;

        public long Consumed { get; private set; }

        public async Task<long> NextAsync(CancellationToken cancellationToken)
        {
            var digits = new System.Text.StringBuilder();
            while (true)
            {
                if (_position == BlockSize)
                {
                    try
                    {
                        await data.ReadExactlyAsync(_block, cancellationToken).ConfigureAwait(false);
                    }
                    catch (EndOfStreamException)
                    {
                        throw Invalid(name, "has a truncated GNU sparse map");
                    }

                    _position = 0;
                    Consumed += BlockSize;
                }

                var c = _block[_position++];
                if (c == '\n')
                {
                    return Number(digits.ToString(), name, "map number");
                }

                if (digits.Length > MaxDigits)
                {
                    throw Invalid(name, "has an invalid GNU sparse map number");
                }

                digits.Append((char)c);
            }
        }
    }
}
