using System.Net;
using System.Net.Sockets;
using Cais.Network.Dns;

namespace Cais.Core.Tests.Network.Dns;

/// <summary>A minimal DNS client for tests: one A query over UDP from 127.0.0.1.</summary>
internal static class DnsProbe
{
    public static async Task<DnsMessage> AskAsync(IPEndPoint server, string name, DnsRecordType type = DnsRecordType.A)
    {
        var query = new DnsMessage { Id = 0x5151, RecursionDesired = true };
        query.Questions.Add(new DnsQuestion(name, type));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await client.ConnectAsync(server, timeout.Token);
        await client.SendAsync(query.ToBytes(), SocketFlags.None, timeout.Token);
        var buffer = new byte[65535];
        var length = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        var reply = DnsMessage.Parse(buffer.AsSpan(0, length));
        Assert.Equal(0x5151, reply.Id);
        return reply;
    }

    public static IReadOnlyList<IPAddress> Addresses(DnsMessage reply) => reply.Answers.Select(a => a.ToAddress()!).ToList();

    /// <summary>Whether something accepts TCP connections there (refused comes back at once on loopback).</summary>
    public static async Task<bool> ListensAsync(IPEndPoint server)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(server, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
