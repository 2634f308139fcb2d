using Cais.Common;
using Cais.Containers.Security;
using Cais.Containers.Spec;
using Cais.Metadata;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    /// <summary>Creates a container from a local image (the caller pulls a missing one first).</summary>
    public async Task<ContainerRecord> CreateAsync(CreateOptions options, CancellationToken cancellationToken)
    {
        // Until the record names the image, only this hold keeps rmi from sweeping the layers the snapshot stacks on.
        using var imageHold = await images.HoldAsync(cancellationToken).ConfigureAwait(false);
        var image = images.Get(options.Image);
        var config = await images.ReadConfigAsync(image, cancellationToken).ConfigureAwait(false);
        if (options.Name is { } requested && !Ids.IsValidName(requested.TrimStart('/')))
        {
            throw EngineException.Invalid($"Invalid container name ({requested}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }

        // First: a refused option must leave nothing behind, and nothing else has been made yet.
        var securityOpt = await SecurityOptions.ResolveAsync(options.SecurityOpt, cancellationToken).ConfigureAwait(false);
        _ = SecurityOptions.Parse(securityOpt, HostFacts.Current);
        var (networkMode, joined) = await ResolveNetworksAsync(options, cancellationToken).ConfigureAwait(false);
        var (portBindings, exposed) = ResolvePorts(options, networkMode, config.Config?.ExposedPorts);
        var (pidMode, ipcMode, utsMode) = ResolveNamespaceModes(options);
        var dns = ValidateNameservers(options.Dns);
        var extraHosts = await ResolveExtraHostsAsync(options.ExtraHosts, cancellationToken).ConfigureAwait(false);

        if (options.WorkingDir is { Length: > 0 } wd && !wd.StartsWith('/'))
        {
            throw EngineException.Invalid($"the working directory '{wd}' is invalid, it needs to be an absolute path");
        }

        var binds = ContainerMounts.SupportedBinds(options.Mounts);
        var id = Ids.NewId();
        var hostname = options.Hostname
            ?? (networkMode == "host" ? Environment.MachineName
                : IsContainerMode(networkMode) ? containers.GetById(networkMode[ContainerModePrefix.Length..])?.Settings.Hostname ?? id[..12]
                : id[..12]);
        var defaults = config.Config;
        var entrypoint = options.Entrypoint is null ? defaults?.Entrypoint : options.Entrypoint.Length == 0 ? [] : [options.Entrypoint];
        // Docker: a new entrypoint drops the image's Cmd; a user Cmd always replaces it.
        var cmd = options.Cmd.Count > 0 ? options.Cmd : options.Entrypoint is null ? defaults?.Cmd : [];
        var command = (entrypoint ?? []).Concat(cmd ?? []).ToList();
        if (command.Count == 0)
        {
            throw EngineException.Invalid("no command specified");
        }

        var record = new ContainerRecord
        {
            Id = id,
            Name = options.Name?.TrimStart('/') ?? NameGenerator.Next(),
            ImageId = image.Id,
            ImageName = options.Image,
            Created = DateTimeOffset.UtcNow,
            Command = command,
            StorageDriver = snapshotter.Driver,
            Settings = new ContainerSettings
            {
                Cmd = cmd,
                Entrypoint = entrypoint,
                Env = ImageDefaults.MergeEnv(options.Env, defaults?.Env),
                WorkingDir = string.IsNullOrEmpty(options.WorkingDir) ? defaults?.WorkingDir : options.WorkingDir,
                User = string.IsNullOrEmpty(options.User) ? defaults?.User : options.User,
                Hostname = hostname,
                Tty = options.Tty,
                OpenStdin = options.OpenStdin,
                AutoRemove = options.AutoRemove,
                Privileged = options.Privileged,
                NetworkMode = networkMode,
                Networks = joined,
                Dns = dns,
                DnsSearch = options.DnsSearch,
                DnsOptions = options.DnsOptions,
                ExtraHosts = extraHosts,
                PortBindings = portBindings,
                PublishAll = options.PublishAll,
                ExposedPorts = exposed,
                Binds = binds.Select(ContainerMounts.Recorded).ToList(),
                CapAdd = options.CapAdd,
                CapDrop = options.CapDrop,
                SecurityOpt = securityOpt,
                Labels = ImageDefaults.MergeLabels(options.Labels, defaults?.Labels),
                StopSignal = options.StopSignal ?? defaults?.StopSignal,
                StopTimeout = options.StopTimeout,
                Domainname = options.Domainname ?? "",
                AttachStdin = options.AttachStdin,
                AttachStdout = options.AttachStdout,
                AttachStderr = options.AttachStderr,
                PidMode = pidMode,
                IpcMode = ipcMode,
                UtsMode = utsMode,
                ContainerIdFile = options.ContainerIdFile ?? "",
                StdinOnce = options.StdinOnce,
                Volumes = [.. defaults?.Volumes?.Keys ?? []],
            },
        };

        // Likewise the networks: `network rm` sees this container once it is recorded, and not before.
        using var networkHold = await HoldNetworksAsync(joined, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var bind in binds)
            {
                BindTargets.EnsureSource(bind.Source);
            }

            await CreateRootfsAsync(id, image.TopChainId, cancellationToken).ConfigureAwait(false);
            await WriteEtcFilesAsync(record, cancellationToken).ConfigureAwait(false);
            InsertWithName(record, options.Name is null);
            Log.Created(Logger, id, image.Id);
        }
        catch
        {
            RemoveRootfs(id);
            DeleteDirectory(DataDir(id));
            throw;
        }

        return Emitted(Events.EventActions.Create, containers.GetById(id)!);
    }

    private void InsertWithName(ContainerRecord record, bool generated)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                containers.Insert(record);
                return;
            }
            catch (EngineException e) when (generated && e.Kind == ErrorKind.Conflict && attempt < 10)
            {
                record = record with { Name = NameGenerator.Next() + (attempt > 3 ? attempt.ToString(System.Globalization.CultureInfo.InvariantCulture) : "") };
            }
        }
    }

    private async Task WriteEtcFilesAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        var dir = DataDir(record.Id);
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "hostname"), EtcFiles.Hostname(record.Settings.Hostname), cancellationToken).ConfigureAwait(false);
        await WriteHostsAsync(record, cancellationToken).ConfigureAwait(false);
        await WriteResolvConfAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// /etc/hosts: the host's with host networking, otherwise Docker's standard entries and the address on the first
    /// network; --add-host entries in both. Rewritten in place after the networks are joined: the file is bind-mounted
    /// into the container, so its inode must stay.
    /// </summary>
    private async Task WriteHostsAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        var extra = record.Settings.ExtraHosts.Select(ToHostsEntry).ToList();
        string hosts;
        if (record.Settings.NetworkMode == "host" && File.Exists("/etc/hosts"))
        {
            hosts = await File.ReadAllTextAsync("/etc/hosts", cancellationToken).ConfigureAwait(false);
            hosts = string.Concat(hosts.TrimEnd('\n') + "\n", string.Concat(extra.Select(e => $"{e.Address}\t{e.Names}\n")));
        }
        else
        {
            var address = record.State.Endpoints.FirstOrDefault()?.IPAddress;
            // Docker names the container's address by its full name first when it has a domain name.
            var names = record.Settings.Domainname is { Length: > 0 } domain
                ? $"{record.Settings.Hostname}.{domain} {record.Settings.Hostname}"
                : record.Settings.Hostname;
            hosts = EtcFiles.Hosts(names, address, extra);
        }

        await File.WriteAllTextAsync(Path.Combine(DataDir(record.Id), "hosts"), hosts, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteResolvConfAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        var settings = record.Settings;
        var hostResolv = File.Exists("/etc/resolv.conf") ? await File.ReadAllTextAsync("/etc/resolv.conf", cancellationToken).ConfigureAwait(false) : "";
        string? embedded = null;
        if (settings.Networks.Count > 0 && networks?.Repository.GetByName(settings.Networks[0].Network) is { } first)
        {
            embedded = Network.Dns.ResolverUsage.NameserverOf(first);
        }

        var resolver = new ResolverSettings { Nameservers = settings.Dns, Search = settings.DnsSearch, Options = settings.DnsOptions, EmbeddedResolver = embedded };
        await File.WriteAllTextAsync(Path.Combine(DataDir(record.Id), "resolv.conf"),
            EtcFiles.ResolvConf(hostResolv, settings.NetworkMode == "host", resolver), cancellationToken).ConfigureAwait(false);
    }

    private static HostsEntry ToHostsEntry(string entry)
    {
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        return new HostsEntry(entry[(colon + 1)..], entry[..colon]);
    }

    private static IReadOnlyList<string> ValidateNameservers(IReadOnlyList<string> servers)
    {
        foreach (var server in servers)
        {
            if (!System.Net.IPAddress.TryParse(server, out _))
            {
                throw EngineException.Invalid($"{server} is not an ip address");
            }
        }

        return servers;
    }

    /// <summary>--add-host NAME:IP (also NAME=IP); "host-gateway" is the default bridge's gateway, the host as containers see it.</summary>
    private async Task<IReadOnlyList<string>> ResolveExtraHostsAsync(IReadOnlyList<string> entries, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        foreach (var entry in entries)
        {
            var separator = entry.IndexOfAny(['=', ':']);
            if (separator <= 0 || separator == entry.Length - 1)
            {
                throw EngineException.Invalid($"invalid argument \"{entry}\" for \"--add-host\" flag: bad format for add-host: \"{entry}\"");
            }

            var name = entry[..separator];
            var address = entry[(separator + 1)..].Trim('[', ']');
            if (address == "host-gateway")
            {
                address = (await FindNetworkAsync(Network.NetworkRecord.DefaultName, cancellationToken).ConfigureAwait(false)).Gateway;
            }
            else if (!System.Net.IPAddress.TryParse(address, out _))
            {
                throw EngineException.Invalid($"invalid argument \"{entry}\" for \"--add-host\" flag: invalid IP address in add-host: \"{address}\"");
            }

            result.Add(name + ":" + address);
        }

        return result;
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
