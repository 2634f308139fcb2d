using System.Net;
using Cais.Network.Dns;

namespace Cais.Core.Tests.Network.Dns;

public sealed class DnsMessageTests
{
    private static DnsMessage Query(string name, DnsRecordType type = DnsRecordType.A, ushort id = 0x1234)
    {
        var message = new DnsMessage { Id = id, RecursionDesired = true };
        message.Questions.Add(new DnsQuestion(name, type));
        return message;
    }

    [Fact]
    public void Query_round_trips_through_the_wire_form()
    {
        var bytes = Query("web.example", DnsRecordType.AAAA, 0xBEEF).ToBytes();

        Assert.Equal(
            [0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, (byte)'w', (byte)'e', (byte)'b', 7, .. "example"u8, 0, 0, 28, 0, 1],
            bytes);
        var parsed = DnsMessage.Parse(bytes);
        Assert.Equal(0xBEEF, parsed.Id);
        Assert.False(parsed.IsResponse);
        Assert.True(parsed.RecursionDesired);
        Assert.Equal(new DnsQuestion("web.example", DnsRecordType.AAAA), Assert.Single(parsed.Questions));
    }

    [Fact]
    public void Response_with_answers_compresses_names_against_the_question_and_round_trips()
    {
        var response = Query("db").CreateResponse(DnsResponseCode.NoError);
        response.IsAuthoritative = true;
        response.RecursionAvailable = true;
        response.Answers.Add(DnsRecord.Address("db", IPAddress.Parse("10.88.0.2"), 600));
        response.Answers.Add(DnsRecord.Address("db", IPAddress.Parse("10.88.0.3"), 600));

        var bytes = response.ToBytes();

        // header + question (4 + 4) + two answers of pointer (2) + 10 + 4 bytes each
        Assert.Equal(12 + 8 + 2 * 16, bytes.Length);
        Assert.Equal([0xC0, 0x0C], bytes[20..22]);
        var parsed = DnsMessage.Parse(bytes);
        Assert.True(parsed.IsResponse);
        Assert.True(parsed.IsAuthoritative);
        Assert.True(parsed.RecursionAvailable);
        Assert.Equal(DnsResponseCode.NoError, parsed.ResponseCode);
        Assert.Equal(["10.88.0.2", "10.88.0.3"], parsed.Answers.Select(a => a.ToAddress()!.ToString()));
        Assert.All(parsed.Answers, a => Assert.Equal(("db", DnsRecordType.A, 600u), (a.Name, a.Type, a.Ttl)));
    }

    [Fact]
    public void Header_flags_and_rcode_survive_a_round_trip()
    {
        var message = new DnsMessage
        {
            Id = 7, IsResponse = true, Opcode = 2, IsTruncated = true, AuthenticData = true, CheckingDisabled = true,
            ResponseCode = DnsResponseCode.Refused,
        };

        var parsed = DnsMessage.Parse(message.ToBytes());

        Assert.Equal((true, (byte)2, true, true, true, false, false, DnsResponseCode.Refused),
            (parsed.IsResponse, parsed.Opcode, parsed.IsTruncated, parsed.AuthenticData, parsed.CheckingDisabled,
             parsed.RecursionDesired, parsed.IsAuthoritative, parsed.ResponseCode));
    }

    [Fact]
    public void Reads_a_chain_of_compression_pointers()
    {
        // question "a.example", answer "b" + pointer to "example" (offset 14) inside the question name
        byte[] bytes =
        [
            0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
            1, (byte)'a', 7, .. "example"u8, 0, 0, 1, 0, 1,
            1, (byte)'b', 0xC0, 14, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1,
        ];

        var parsed = DnsMessage.Parse(bytes);

        Assert.Equal("a.example", parsed.Questions[0].Name);
        Assert.Equal("b.example", parsed.Answers[0].Name);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), parsed.Answers[0].ToAddress());
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 12 })] // points at itself
    [InlineData(new byte[] { 0xC0, 14 })] // points forwards
    [InlineData(new byte[] { 1, (byte)'a', 0xC0, 12 })] // loops back to its own start
    [InlineData(new byte[] { 0x40, 0 })] // extended label type
    [InlineData(new byte[] { 0x80, 0 })] // reserved label type
    [InlineData(new byte[] { 5, (byte)'a', 0 })] // label runs past the end
    public void Malformed_names_are_format_errors(byte[] name)
    {
        byte[] bytes = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, .. name, 0, 1, 0, 1];

        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(bytes));
    }

    [Fact]
    public void Names_longer_than_255_bytes_are_format_errors()
    {
        var name = new List<byte>();
        for (var i = 0; i < 5; i++)
        {
            name.Add(63);
            name.AddRange(Enumerable.Repeat((byte)'x', 63));
        }

        byte[] bytes = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, .. name, 0, 0, 1, 0, 1];

        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(bytes));
    }

    [Fact]
    public void Counts_the_message_cannot_hold_are_rejected_before_reading()
    {
        byte[] bytes = [0, 1, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 1, 0, 1];

        var error = Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(bytes));
        Assert.Contains("counts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_valid_message_is_a_format_error()
    {
        var response = Query("service.internal").CreateResponse(DnsResponseCode.NoError);
        response.Answers.Add(DnsRecord.Address("service.internal", IPAddress.Parse("10.0.0.1"), 600));
        response.Additionals.Add(new DnsRecord("", DnsRecordType.OPT, 1232, 0, ReadOnlyMemory<byte>.Empty));
        var bytes = response.ToBytes();

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(bytes.AsSpan(0, length)));
        }

        Assert.Equal(1232, DnsMessage.Parse(bytes).Additionals[0].Class);
    }

    [Fact]
    public void Random_bytes_either_parse_or_raise_only_format_errors_and_parsed_messages_rewrite()
    {
        var random = new Random(20240318);
        var seed = Query("web.net").CreateResponse(DnsResponseCode.NoError);
        seed.Answers.Add(DnsRecord.Address("web.net", IPAddress.Parse("10.1.2.3"), 600));
        var valid = seed.ToBytes();
        var parsedCount = 0;
        for (var i = 0; i < 20000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 80)];
                random.NextBytes(input);
            }
            else
            {
                // Mutations of a valid message reach far deeper than pure noise.
                input = (byte[])valid.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }
            }

            DnsMessage parsed;
            try
            {
                parsed = DnsMessage.Parse(input);
            }
            catch (DnsFormatException)
            {
                continue;
            }

            parsedCount++;
            var reparsed = DnsMessage.Parse(parsed.ToBytes());
            Assert.Equal(parsed.Questions, reparsed.Questions);
            Assert.Equal(parsed.Answers.Select(a => a.Name), reparsed.Answers.Select(a => a.Name));
        }

        Assert.True(parsedCount > 1000, $"only {parsedCount} inputs parsed; the mutation corpus is not exercising the parser");
    }

    [Fact]
    public void Labels_with_dots_and_binary_bytes_are_escaped_and_round_trip()
    {
        byte[] bytes = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 4, (byte)'a', (byte)'.', 0, (byte)'\\', 1, (byte)'z', 0, 0, 1, 0, 1];

        var parsed = DnsMessage.Parse(bytes);

        Assert.Equal(@"a\.\000\\.z", parsed.Questions[0].Name);
        Assert.Equal(bytes, parsed.ToBytes());
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("..")]
    public void Writing_a_name_with_an_empty_label_is_refused(string name) =>
        Assert.Throws<ArgumentException>(() => Query(name).ToBytes());

    [Fact]
    public void Writing_a_label_over_63_bytes_is_refused() =>
        Assert.Throws<ArgumentException>(() => Query(new string('x', 64) + ".test").ToBytes());

    [Fact]
    public void Root_and_trailing_dot_names_encode_as_expected()
    {
        Assert.Equal([0, 0, 1, 0, 1], Query(".").ToBytes()[12..]);
        Assert.Equal(Query("web").ToBytes(), Query("web.").ToBytes());
    }

    [Fact]
    public void TryReadId_needs_two_bytes()
    {
        Assert.False(DnsMessage.TryReadId([0x12], out _));
        Assert.True(DnsMessage.TryReadId([0x12, 0x34], out var id));
        Assert.Equal(0x1234, id);
    }
}
