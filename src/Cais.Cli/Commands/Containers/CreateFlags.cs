using Cais.Cli.CommandLine;
using Cais.Common;
using Cais.Containers;

namespace Cais.Cli.Commands.Containers;

/// <summary>The options <c>run</c> and <c>create</c> share, and their translation into <see cref="CreateOptions"/>.</summary>
public static class CreateFlags
{
    public static IReadOnlyList<OptionSpec> Options { get; } =
    [
        OptionSpec.Strings("add-host", null, "Add a custom host-to-IP mapping (host:ip)"),
        OptionSpec.Strings("attach", 'a', "Attach to STDIN, STDOUT or STDERR") with { Check = AttachStreams.Check },
        OptionSpec.Strings("cap-add", null, "Add Linux capabilities"),
        OptionSpec.Strings("cap-drop", null, "Drop Linux capabilities"),
        OptionSpec.Str("cidfile", null, "Write the container ID to the file"),
        OptionSpec.Strings("dns", null, "Set custom DNS servers"),
        OptionSpec.Strings("dns-option", null, "Set DNS options"),
        OptionSpec.Strings("dns-search", null, "Set custom DNS search domains"),
        OptionSpec.Str("domainname", null, "Container NIS domain name"),
        OptionSpec.Str("entrypoint", null, "Overwrite the default ENTRYPOINT of the image"),
        OptionSpec.Strings("env", 'e', "Set environment variables"),
        OptionSpec.Strings("env-file", null, "Read in a file of environment variables"),
        OptionSpec.Strings("expose", null, "Expose a port or a range of ports"),
        OptionSpec.Str("hostname", 'h', "Container host name"),
        OptionSpec.Flag("interactive", 'i', "Keep STDIN open even if not attached"),
        OptionSpec.Str("ip", null, "IPv4 address (e.g., 172.30.100.104)"),
        OptionSpec.Str("ipc", null, "IPC mode to use"),
        OptionSpec.Strings("label", 'l', "Set meta data on a container"),
        OptionSpec.Str("name", null, "Assign a name to the container"),
        OptionSpec.Strings("network", null, "Connect a container to a network (bridge, none, host, container:NAME|ID or a network's name)"),
        OptionSpec.Strings("network-alias", null, "Add network-scoped alias for the container"),
        OptionSpec.Strings("net", null, "Connect a container to a network") with { Hidden = true },
        OptionSpec.Str("pid", null, "PID namespace to use"),
        OptionSpec.Str("platform", null, "Set platform if server is multi-platform capable"),
        OptionSpec.Flag("privileged", null, "Give extended privileges to this container"),
        OptionSpec.Strings("publish", 'p', "Publish a container's port(s) to the host"),
        OptionSpec.Flag("publish-all", 'P', "Publish all exposed ports to random ports"),
        OptionSpec.Str("pull", null, "Pull image before running (\"always\", \"missing\", \"never\")", "missing"),
        OptionSpec.Flag("quiet", 'q', "Suppress the pull output"),
        OptionSpec.Flag("rm", null, "Automatically remove the container and its associated anonymous volumes when it exits"),
        OptionSpec.Strings("security-opt", null, "Security Options"),
        OptionSpec.Str("stop-signal", null, "Signal to stop the container"),
        OptionSpec.Integer("stop-timeout", null, "Timeout (in seconds) to stop a container"),
        OptionSpec.Flag("tty", 't', "Allocate a pseudo-TTY"),
        OptionSpec.Str("uts", null, "UTS namespace to use"),
        OptionSpec.Str("user", 'u', "Username or UID (format: <name|uid>[:<group|gid>])"),
        OptionSpec.Strings("volume", 'v', "Bind mount a volume"),
        OptionSpec.Str("workdir", 'w', "Working directory inside the container"),
    ];

    public static async Task<CreateOptions> BuildAsync(ParsedCommand args, CancellationToken cancellationToken)
    {
        var env = new List<string>();
        foreach (var file in args.GetList("env-file"))
        {
            if (!File.Exists(file))
            {
                throw EngineException.InvalidInput($"open {file}: no such file or directory");
            }

            foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false))
            {
                var trimmed = line.TrimStart();
                if (trimmed.Length > 0 && !trimmed.StartsWith('#'))
                {
                    AddEnv(env, trimmed);
                }
            }
        }

        foreach (var item in args.GetList("env"))
        {
            AddEnv(env, item);
        }

        var labels = new Dictionary<string, string>();
        foreach (var label in args.GetList("label"))
        {
            var eq = label.IndexOf('=', StringComparison.Ordinal);
            labels[eq < 0 ? label : label[..eq]] = eq < 0 ? "" : label[(eq + 1)..];
        }

        var networks = args.GetList("network").Concat(args.GetList("net")).Select(NetworkFlag.Parse).ToList();
        var first = networks.FirstOrDefault() ?? new NetworkFlag("bridge", null, []);
        if (first.IpAddress is not null && args.IsSet("ip"))
        {
            throw EngineException.Invalid("conflicting options: --ip and the ip of --network");
        }
        // run -d attaches nothing (create has no -d: it records what a later start -a would attach).
        var attach = AttachStreams.Resolve(args.GetList("attach"), args.GetBool("interactive"), args.CommandPath[^1] == "run" && args.GetBool("detach"));
        return new CreateOptions
        {
            Image = args.Positionals[0],
            Cmd = args.Positionals.Skip(1).ToList(),
            Name = args.GetString("name"),
            Entrypoint = args.IsSet("entrypoint") ? args.GetString("entrypoint") ?? "" : null,
            Env = env,
            WorkingDir = args.GetString("workdir"),
            User = args.GetString("user"),
            Hostname = args.GetString("hostname"),
            Tty = args.GetBool("tty"),
            OpenStdin = args.GetBool("interactive"),
            AutoRemove = args.GetBool("rm"),
            NetworkMode = first.Name,
            IpAddress = first.IpAddress ?? args.GetString("ip"),
            Aliases = [.. first.Aliases, .. args.GetList("network-alias")],
            AdditionalNetworks = networks.Skip(1).Select(n => new Metadata.NetworkRequest { Network = n.Name, IpAddress = n.IpAddress, Aliases = n.Aliases }).ToList(),
            Dns = args.GetList("dns"),
            DnsSearch = args.GetList("dns-search"),
            DnsOptions = args.GetList("dns-option"),
            ExtraHosts = args.GetList("add-host"),
            Publish = Cais.Network.Ports.PortSpec.ParseAll(args.GetList("publish")),
            PublishAll = args.GetBool("publish-all"),
            Mounts = args.GetList("volume").Select(v => BindSpec.Parse(BindSpec.WithAbsoluteSource(v, Environment.CurrentDirectory))).ToList(),
            Privileged = args.GetBool("privileged"),
            CapAdd = args.GetList("cap-add"),
            CapDrop = args.GetList("cap-drop"),
            SecurityOpt = args.GetList("security-opt"),
            Labels = labels,
            StopSignal = args.GetString("stop-signal"),
            StopTimeout = args.IsSet("stop-timeout") ? args.GetInt("stop-timeout") : null,
            Expose = args.GetList("expose"),
            Domainname = args.GetString("domainname"),
            AttachStdin = attach.Stdin,
            AttachStdout = attach.Stdout,
            AttachStderr = attach.Stderr,
            PidMode = args.GetString("pid"),
            IpcMode = args.GetString("ipc"),
            UtsMode = args.GetString("uts"),
            ContainerIdFile = args.GetString("cidfile"),
        };
    }

    /// <summary>
    /// What run and create share after the flags: the --cidfile made first (as the docker CLI does, so an existing one
    /// stops everything), the image pulled if missing (--pull), the container created and its ID written.
    /// </summary>
    public static async Task<Metadata.ContainerRecord> CreateAsync(CommandContext context, CreateOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var args = context.Args;
        var cidFile = ContainerIdFile.Open(options.ContainerIdFile);
        try
        {
            await ImageEnsurer.EnsureAsync(context.Images, options.Image, args.GetString("pull") ?? "missing",
                args.GetString("platform"), args.GetBool("quiet"), context.Error, cancellationToken).ConfigureAwait(false);
            var record = await context.Containers.CreateAsync(options, cancellationToken).ConfigureAwait(false);
            if (cidFile is not null)
            {
                await cidFile.WriteAsync(record.Id, cancellationToken).ConfigureAwait(false);
            }

            return record;
        }
        finally
        {
            cidFile?.RemoveUnlessWritten();
        }
    }

    /// <summary>Docker: "KEY=VALUE" as is; a bare "KEY" takes the value from our environment, or is dropped if unset.</summary>
    private static void AddEnv(List<string> env, string item)
    {
        if (item.StartsWith('='))
        {
            throw EngineException.InvalidInput($"invalid environment variable: {item}");
        }

        if (item.Contains('=', StringComparison.Ordinal))
        {
            env.Add(item);
        }
        else if (Environment.GetEnvironmentVariable(item) is { } value)
        {
            env.Add(item + "=" + value);
        }
    }
}
