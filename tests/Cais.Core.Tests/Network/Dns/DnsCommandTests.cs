using System.Net;
using System.Net.Sockets;
using Cais.Cli.CommandLine;
using Cais.Cli.Commands;
using Cais.Cli.Commands.SystemCommands;
using Cais.Common;
using Cais.Network.Dns;

namespace Cais.Core.Tests.Network.Dns;

/// <summary>The hidden <c>cais system dns</c> command, run in-process on 127.0.0.1.</summary>
public sealed class DnsCommandTests
{
    [Theory]
    [InlineData("10.88.0.1", "10.88.0.1:53")]
    [InlineData("127.0.0.1:5353", "127.0.0.1:5353")]
    [InlineData("::1", "[::1]:53")]
    [InlineData("[::1]:5353", "[::1]:5353")]
    [InlineData("[::1]", "[::1]:53")]
    [InlineData("127.0.0.1:0", "127.0.0.1:0")]
    public void Parses_listen_and_upstream_addresses(string text, string expected) =>
        Assert.Equal(expected, DnsCommand.ParseEndPoint(text).ToString());

    [Theory]
    [InlineData("10.0.0.1:")]
    [InlineData("10.0.0.1:99999")]
    [InlineData("dns.example:53")]
    [InlineData("[::1]:x")]
    public void Rejects_malformed_addresses(string text) =>
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<EngineException>(() => DnsCommand.ParseEndPoint(text)).Kind);

    [Theory]
    [InlineData("web")]
    [InlineData("=10.0.0.1")]
    [InlineData("web=not-an-ip")]
    public void Rejects_malformed_host_entries(string text) =>
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<EngineException>(() => DnsCommand.ParseHost(text)).Kind);

    [Fact]
    public async Task Serves_the_given_hosts_until_cancelled()
    {
        int port;
        await using (var probe = DnsServer.Start(new DnsServerOptions(new IPEndPoint(IPAddress.Loopback, 0), "probe"), new InMemoryDnsRecordSource()))
        {
            port = probe.EndPoint.Port;
        }

        var app = new CommandLineApp(CommandTree.Build(), TextWriter.Null, TextWriter.Null);
        using var stop = new CancellationTokenSource();
        var run = app.RunAsync(
            ["system", "dns", "--listen", $"127.0.0.1:{port}", "--network", "n1", "--internal", "--record", "web=10.1.2.3", "--record", "web=10.1.2.4"],
            stop.Token);

        var query = new DnsMessage { Id = 99 };
        query.Questions.Add(new DnsQuestion("web", DnsRecordType.A));
        var external = new DnsMessage { Id = 100 };
        external.Questions.Add(new DnsQuestion("example.com", DnsRecordType.A));
        var reply = await AskUntilServingAsync(new IPEndPoint(IPAddress.Loopback, port), query.ToBytes());
        var refused = await AskUntilServingAsync(new IPEndPoint(IPAddress.Loopback, port), external.ToBytes());
        await stop.CancelAsync();

        Assert.Equal(["10.1.2.3", "10.1.2.4"], reply.Answers.Select(a => a.ToAddress()!.ToString()));
        Assert.Equal(DnsResponseCode.Refused, refused.ResponseCode);
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    /// <summary>Retries briefly: the command binds on its own task, a moment after RunAsync returns control.</summary>
    private static async Task<DnsMessage> AskUntilServingAsync(IPEndPoint server, byte[] query)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                await client.ConnectAsync(server, attempt.Token);
                await client.SendAsync(query, SocketFlags.None, attempt.Token);
                var buffer = new byte[4096];
                var length = await client.ReceiveAsync(buffer, SocketFlags.None, attempt.Token);
                return DnsMessage.Parse(buffer.AsSpan(0, length));
            }
            catch (Exception e) when ((e is OperationCanceledException or SocketException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
