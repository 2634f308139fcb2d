using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Cais.Cli.CommandLine;
using Cais.Common;
using Cais.Hosting;
using Cais.Network.Dns;

namespace Cais.Cli.Commands.SystemCommands;

/// <summary>
/// Hidden. With --daemon: the resident resolver of this state's user-defined networks (<see cref="ResolverDaemon"/>),
/// which the engine starts itself; it runs until no container needs it or SIGTERM. Without: one network's resolver in
/// the foreground until interrupted, with records given on the command line, for trying the resolver by hand.
/// </summary>
public static class DnsCommand
{
    public static CommandSpec Spec() => new("dns", "Run the embedded DNS resolver: resident for this state (--daemon) or one network in the foreground")
    {
        Usage = "cais system dns (--daemon [--port N] | --listen ADDR[:PORT] --network ID) [OPTIONS]",
        Hidden = true,
        MaxArgs = 0,
        Options =
        [
            OptionSpec.Flag("daemon", null, "Serve every user-defined network of this state until none is in use"),
            OptionSpec.Integer("port", null, "With --daemon: port on each network's gateway address", ResolverConfig.DnsPort),
            OptionSpec.Str("listen", null, "Address (and port, default 53) to serve on over UDP and TCP"),
            OptionSpec.Str("network", null, "ID of the network whose names are served"),
            OptionSpec.Flag("internal", null, "Refuse names the network does not know instead of forwarding them"),
            OptionSpec.Strings("record", null, "A name and its address, NAME=IP (repeat for more names or addresses)"),
            OptionSpec.Strings("upstream", null, "Upstream nameserver IP[:PORT] (default: from the host's resolv.conf)"),
        ],
        Handler = Handler.Of(async (context, ct) =>
        {
            var args = context.Args;
            if (args.GetBool("daemon"))
            {
                return await RunDaemonAsync(context, ct).ConfigureAwait(false);
            }

            var listen = ParseEndPoint(args.GetString("listen") ?? throw EngineException.Invalid("--listen is required"));
            var network = args.GetString("network") is { Length: > 0 } id ? id : throw EngineException.Invalid("--network is required");
            var records = new InMemoryDnsRecordSource();
            var hosts = args.GetList("record");
            for (var i = 0; i < hosts.Count; i++)
            {
                var (name, address) = ParseHost(hosts[i]);

                // Distinct IDs shorter than a short ID, so only the given names match.
                records.Add(network, "h" + i.ToString(CultureInfo.InvariantCulture), name, [], [address]);
            }

            var upstreams = args.IsSet("upstream")
                ? args.GetList("upstream").Select(ParseEndPoint).ToList()
                : await HostUpstreams.ReadAsync(ct).ConfigureAwait(false);
            var options = new DnsServerOptions(listen, network) { Internal = args.GetBool("internal"), Upstreams = upstreams };
            await using var server = DnsServer.Start(options, records);
            var forwarding = options.Internal ? "internal, no forwarding" : $"forwarding to {string.Join(", ", upstreams)}";
            await context.Out.WriteLineAsync($"serving network {network} on {server.EndPoint} ({forwarding})").ConfigureAwait(false);
            await context.Out.FlushAsync(ct).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Interrupted: the normal way to stop a foreground resolver.
            }

            return 0;
        }),
    };

    private static async Task<int> RunDaemonAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Args;
        var error = context.Error;
        var request = new ResolverDaemonRequest
        {
            Port = args.GetInt("port"),
            Upstreams = args.IsSet("upstream") ? args.GetList("upstream").Select(ParseEndPoint).ToList() : null,
            Log = message => error.WriteLine($"cais dns: {message}"),
        };

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            // Stop cleanly (the socket and pid file removed) rather than die mid-way.
            signal.Cancel = true;
            stop.Cancel();
        });
        var outcome = await context.System.RunResolverDaemonAsync(request, stop.Token).ConfigureAwait(false);
        if (outcome == ResolverDaemonOutcome.AlreadyRunning)
        {
            await error.WriteLineAsync("cais dns: another resolver already serves this state").ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>"ADDR", "ADDR:PORT" or "[V6]:PORT"; a bare address means port 53.</summary>
    public static IPEndPoint ParseEndPoint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Decide the form first: IPAddress.TryParse would accept "[::1]:5353" and silently drop the port.
        var hasPort = text.StartsWith('[') ? !text.EndsWith(']') : text.Count(c => c == ':') == 1;
        if (hasPort && IPEndPoint.TryParse(text, out var endPoint))
        {
            return endPoint;
        }

        if (!hasPort && IPAddress.TryParse(text.Trim('[', ']'), out var address))
        {
            return new IPEndPoint(address, ResolverConfig.DnsPort);
        }

        throw EngineException.Invalid($"invalid address '{text}': expected IP, IP:PORT or [IPV6]:PORT");
    }

    public static (string Name, IPAddress Address) ParseHost(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var split = text.IndexOf('=', StringComparison.Ordinal);
        if (split <= 0 || !IPAddress.TryParse(text.AsSpan(split + 1), out var address))
        {
            throw EngineException.Invalid($"invalid host entry '{text}': expected NAME=IP");
        }

        return (text[..split], address);
    }
}
