using System.Buffers.Binary;
using System.Text;

namespace Cais.Network.Dns;

/// <summary>
/// A DNS message (RFC 1035 section 4): header, questions and the three record sections. Parsing treats its input as
/// hostile — every read is bounds-checked, compression pointers must move strictly backwards (so they cannot loop),
/// names are limited to 255 bytes and section counts are checked against the bytes present before anything is
/// allocated — and reports every defect as <see cref="DnsFormatException"/>.
/// </summary>
public sealed class DnsMessage
{
    /// <summary>Largest UDP payload a client without EDNS accepts (RFC 1035 section 4.2.1).</summary>
    public const int MaxUdpSize = 512;

    public const int HeaderSize = 12;

    private const int MaxNameWireLength = 255;
    private const int MaxLabelLength = 63;
    private const int MinQuestionSize = 5;
    private const int MinRecordSize = 11;

    public ushort Id { get; set; }

    public bool IsResponse { get; set; }

    /// <summary>The four-bit OPCODE; 0 is a standard query.</summary>
    public byte Opcode { get; set; }

    public bool IsAuthoritative { get; set; }

    public bool IsTruncated { get; set; }

    public bool RecursionDesired { get; set; }

    public bool RecursionAvailable { get; set; }

    /// <summary>The AD bit (RFC 4035); kept so a parsed header writes back unchanged.</summary>
    public bool AuthenticData { get; set; }

    /// <summary>The CD bit (RFC 4035).</summary>
    public bool CheckingDisabled { get; set; }

    public DnsResponseCode ResponseCode { get; set; }

    public IList<DnsQuestion> Questions { get; } = new List<DnsQuestion>();

    public IList<DnsRecord> Answers { get; } = new List<DnsRecord>();

    public IList<DnsRecord> Authorities { get; } = new List<DnsRecord>();

    public IList<DnsRecord> Additionals { get; } = new List<DnsRecord>();

    /// <summary>The message ID of a datagram too short or too broken to parse, so an error reply can still carry it.</summary>
    public static bool TryReadId(ReadOnlySpan<byte> data, out ushort id)
    {
        if (data.Length < 2)
        {
            id = 0;
            return false;
        }

        id = BinaryPrimitives.ReadUInt16BigEndian(data);
        return true;
    }

    /// <summary>Parses one whole message; bytes after the last counted record are ignored.</summary>
    /// <exception cref="DnsFormatException">The bytes are not a well-formed DNS message.</exception>
    public static DnsMessage Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderSize)
        {
            throw new DnsFormatException($"message of {data.Length} bytes is shorter than the {HeaderSize}-byte header");
        }

        var flags = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        var message = new DnsMessage
        {
            Id = BinaryPrimitives.ReadUInt16BigEndian(data),
            IsResponse = (flags & 0x8000) != 0,
            Opcode = (byte)((flags >> 11) & 0xF),
            IsAuthoritative = (flags & 0x0400) != 0,
            IsTruncated = (flags & 0x0200) != 0,
            RecursionDesired = (flags & 0x0100) != 0,
            RecursionAvailable = (flags & 0x0080) != 0,
            AuthenticData = (flags & 0x0020) != 0,
            CheckingDisabled = (flags & 0x0010) != 0,
            ResponseCode = (DnsResponseCode)(flags & 0xF),
        };
        int questions = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        int answers = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
        int authorities = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        int additionals = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);

        // Reject counts the remaining bytes cannot possibly hold before looping or allocating for them.
        var minimum = (long)questions * MinQuestionSize + ((long)answers + authorities + additionals) * MinRecordSize;
        if (minimum > data.Length - HeaderSize)
        {
            throw new DnsFormatException("section counts exceed the message length");
        }

        var offset = HeaderSize;
        for (var i = 0; i < questions; i++)
        {
            var name = ReadName(data, ref offset);
            Need(data, offset, 4);
            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            offset += 4;
            message.Questions.Add(new DnsQuestion(name, type, @class));
        }

        ReadRecords(data, ref offset, answers, message.Answers);
        ReadRecords(data, ref offset, authorities, message.Authorities);
        ReadRecords(data, ref offset, additionals, message.Additionals);
        return message;
    }

    /// <summary>A response header for this query: same ID, opcode, RD bit and questions, no records.</summary>
    public DnsMessage CreateResponse(DnsResponseCode code)
    {
        var response = new DnsMessage
        {
            Id = Id,
            IsResponse = true,
            Opcode = Opcode,
            RecursionDesired = RecursionDesired,
            CheckingDisabled = CheckingDisabled,
            ResponseCode = code,
        };
        foreach (var question in Questions)
        {
            response.Questions.Add(question);
        }

        return response;
    }

    /// <summary>The wire form, with names compressed against earlier ones (byte-exact suffix matches).</summary>
    /// <exception cref="ArgumentException">A name or record cannot be encoded (label over 63 bytes, name over 255, ...).</exception>
    public byte[] ToBytes()
    {
        var writer = new Writer();
        writer.U16(Id);
        var flags = (ushort)(
            (IsResponse ? 0x8000 : 0)
            | ((Opcode & 0xF) << 11)
            | (IsAuthoritative ? 0x0400 : 0)
            | (IsTruncated ? 0x0200 : 0)
            | (RecursionDesired ? 0x0100 : 0)
            | (RecursionAvailable ? 0x0080 : 0)
            | (AuthenticData ? 0x0020 : 0)
            | (CheckingDisabled ? 0x0010 : 0)
            | ((byte)ResponseCode & 0xF));
        writer.U16(flags);
        writer.U16(Count(Questions.Count));
        writer.U16(Count(Answers.Count));
        writer.U16(Count(Authorities.Count));
        writer.U16(Count(Additionals.Count));
        foreach (var question in Questions)
        {
            writer.Name(question.Name);
            writer.U16((ushort)question.Type);
            writer.U16(question.Class);
        }

        foreach (var record in Answers.Concat(Authorities).Concat(Additionals))
        {
            writer.Name(record.Name);
            writer.U16((ushort)record.Type);
            writer.U16(record.Class);
            writer.U32(record.Ttl);
            if (record.Data.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"record data of {record.Data.Length} bytes does not fit a DNS record");
            }

            writer.U16((ushort)record.Data.Length);
            writer.Bytes(record.Data.Span);
        }

        return writer.ToArray();
    }

    private static ushort Count(int count) =>
        count <= ushort.MaxValue ? (ushort)count : throw new ArgumentException($"{count} entries do not fit a DNS section");

    private static void ReadRecords(ReadOnlySpan<byte> data, ref int offset, int count, IList<DnsRecord> into)
    {
        for (var i = 0; i < count; i++)
        {
            var name = ReadName(data, ref offset);
            Need(data, offset, 10);
            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 4)..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 8)..]);
            offset += 10;
            Need(data, offset, length);
            into.Add(new DnsRecord(name, type, @class, ttl, data.Slice(offset, length).ToArray()));
            offset += length;
        }
    }

    private static void Need(ReadOnlySpan<byte> data, int offset, int count)
    {
        if (offset > data.Length - count)
        {
            throw new DnsFormatException($"message ends at byte {data.Length}, {count} more bytes needed at offset {offset}");
        }
    }

    /// <summary>
    /// Reads a possibly compressed name starting at <paramref name="offset"/> and moves it past the name's bytes in place.
    /// Each pointer must target an offset below the previous jump's (or the pointer itself), so decoding always ends.
    /// </summary>
    private static string ReadName(ReadOnlySpan<byte> data, ref int offset)
    {
        var text = new StringBuilder();
        var position = offset;
        var limit = offset;
        var jumped = false;
        var wireLength = 1;
        while (true)
        {
            Need(data, position, 1);
            var length = data[position];
            switch (length & 0xC0)
            {
                case 0xC0:
                    Need(data, position, 2);
                    var target = ((length & 0x3F) << 8) | data[position + 1];
                    if (target >= limit)
                    {
                        throw new DnsFormatException($"compression pointer at offset {position} does not point backwards");
                    }

                    if (!jumped)
                    {
                        offset = position + 2;
                        jumped = true;
                    }

                    limit = target;
                    position = target;
                    continue;
                case 0x00:
                    break;
                default:
                    throw new DnsFormatException($"unsupported label type 0x{length & 0xC0:x2} at offset {position}");
            }

            if (length == 0)
            {
                if (!jumped)
                {
                    offset = position + 1;
                }

                return text.ToString();
            }

            wireLength += 1 + length;
            if (wireLength > MaxNameWireLength)
            {
                throw new DnsFormatException("name longer than 255 bytes");
            }

            Need(data, position + 1, length);
            if (text.Length > 0)
            {
                text.Append('.');
            }

            AppendLabel(text, data.Slice(position + 1, length));
            position += 1 + length;
        }
    }

    /// <summary>Presentation form of a label: dots, backslashes and unprintable bytes escaped as in zone files.</summary>
    private static void AppendLabel(StringBuilder text, ReadOnlySpan<byte> label)
    {
        foreach (var b in label)
        {
            if (b is (byte)'.' or (byte)'\\')
            {
                text.Append('\\').Append((char)b);
            }
            else if (b is < 0x21 or > 0x7E)
            {
                text.Append('\\').Append(((int)b).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append((char)b);
            }
        }
    }

    /// <summary>Splits presentation text back into wire labels, undoing <see cref="AppendLabel"/>'s escapes.</summary>
    internal static List<byte[]> EncodeLabels(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var labels = new List<byte[]>();
        if (name.Length == 0 || name == ".")
        {
            return labels;
        }

        var current = new List<byte>();
        var total = 1;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '.')
            {
                if (current.Count == 0)
                {
                    throw new ArgumentException($"name '{name}' has an empty label", nameof(name));
                }

                labels.Add(FinishLabel(current, name, ref total));
                if (i == name.Length - 1)
                {
                    return labels;
                }

                continue;
            }

            if (c == '\\' && i + 3 < name.Length && char.IsAsciiDigit(name[i + 1]) && char.IsAsciiDigit(name[i + 2]) && char.IsAsciiDigit(name[i + 3]))
            {
                var value = (name[i + 1] - '0') * 100 + (name[i + 2] - '0') * 10 + (name[i + 3] - '0');
                current.Add(value <= 255 ? (byte)value : throw new ArgumentException($"name '{name}' has an invalid escape", nameof(name)));
                i += 3;
            }
            else if (c == '\\' && i + 1 < name.Length)
            {
                current.Add(ToByte(name[++i], name));
            }
            else
            {
                current.Add(ToByte(c, name));
            }
        }

        if (current.Count == 0)
        {
            throw new ArgumentException($"name '{name}' has an empty label", nameof(name));
        }

        labels.Add(FinishLabel(current, name, ref total));
        return labels;
    }

    private static byte ToByte(char c, string name) =>
        c <= 0xFF ? (byte)c : throw new ArgumentException($"name '{name}' has a non-ASCII character; use its punycode form", nameof(name));

    private static byte[] FinishLabel(List<byte> current, string name, ref int total)
    {
        if (current.Count > MaxLabelLength)
        {
            throw new ArgumentException($"name '{name}' has a label longer than 63 bytes", nameof(name));
        }

        total += 1 + current.Count;
        if (total > MaxNameWireLength)
        {
            throw new ArgumentException($"name '{name}' is longer than 255 bytes", nameof(name));
        }

        var label = current.ToArray();
        current.Clear();
        return label;
    }

    /// <summary>A growable big-endian buffer that remembers where each name suffix was written, for compression.</summary>
    private sealed class Writer
    {
        private readonly Dictionary<string, int> _suffixes = new(StringComparer.Ordinal);
        private byte[] _buffer = new byte[MaxUdpSize];
        private int _length;

        public void U16(ushort value)
        {
            Ensure(2);
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), value);
            _length += 2;
        }

        public void U32(uint value)
        {
            Ensure(4);
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), value);
            _length += 4;
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        public void Name(string name)
        {
            var labels = EncodeLabels(name);
            for (var i = 0; i < labels.Count; i++)
            {
                var suffix = SuffixKey(labels, i);
                if (_suffixes.TryGetValue(suffix, out var earlier))
                {
                    U16((ushort)(0xC000 | earlier));
                    return;
                }

                // Pointers have 14 bits; suffixes written later than that can only be spelled out.
                if (_length < 0x4000)
                {
                    _suffixes[suffix] = _length;
                }

                Ensure(1 + labels[i].Length);
                _buffer[_length++] = (byte)labels[i].Length;
                Bytes(labels[i]);
            }

            Ensure(1);
            _buffer[_length++] = 0;
        }

        public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

        private static string SuffixKey(List<byte[]> labels, int from)
        {
            var key = new StringBuilder();
            for (var i = from; i < labels.Count; i++)
            {
                key.Append((char)labels[i].Length);
                foreach (var b in labels[i])
                {
                    key.Append((char)b);
                }
            }

            return key.ToString();
        }

        private void Ensure(int count)
        {
            if (_length + count > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
            }
        }
    }
}
