using Cais.Common;
using Cais.Containers.Spec;
using Cais.Metadata;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    /// <summary>Creates a container from a local image (the caller pulls a missing one first).</summary>
    public async Task<ContainerRecord> CreateAsync(CreateOptions options, CancellationToken cancellationToken)
    {
        var image = images.Get(options.Image);
        var config = await images.ReadConfigAsync(image, cancellationToken).ConfigureAwait(false);
        if (options.Name is { } requested && !Ids.IsValidName(requested.TrimStart('/')))
        {
            throw EngineException.Invalid($"Invalid container name ({requested}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }

        var networkName = await ResolveNetworkAsync(options.NetworkMode, cancellationToken).ConfigureAwait(false);
        var (portBindings, exposed) = ResolvePorts(options, networkName, config.Config?.ExposedPorts);

        if (options.WorkingDir is { Length: > 0 } wd && !wd.StartsWith('/'))
        {
            throw EngineException.Invalid($"the working directory '{wd}' is invalid, it needs to be an absolute path");
        }

        var binds = options.Volumes.Select(BindSpec.Parse).ToList();
        var id = Ids.NewId();
        var hostname = options.Hostname ?? (networkName == "host" ? Environment.MachineName : id[..12]);
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
                Env = options.Env,
                WorkingDir = options.WorkingDir,
                User = options.User,
                Hostname = hostname,
                Tty = options.Tty,
                OpenStdin = options.OpenStdin,
                AutoRemove = options.AutoRemove,
                Privileged = options.Privileged,
                NetworkMode = networkName,
                IpAddress = options.IpAddress,
                Aliases = options.Aliases,
                PortBindings = portBindings,
                PublishAll = options.PublishAll,
                ExposedPorts = exposed,
                Binds = options.Volumes,
                CapAdd = options.CapAdd,
                CapDrop = options.CapDrop,
                SecurityOpt = options.SecurityOpt,
                Labels = options.Labels,
                StopSignal = options.StopSignal ?? defaults?.StopSignal,
                StopTimeout = options.StopTimeout,
            },
        };

        try
        {
            foreach (var bind in binds)
            {
                // Docker creates a missing host directory for -v binds.
                Directory.CreateDirectory(bind.Source);
            }

            await snapshotter.CreateContainerAsync(id, image.TopChainId, cancellationToken).ConfigureAwait(false);
            await WriteEtcFilesAsync(record, cancellationToken).ConfigureAwait(false);
            InsertWithName(record, options.Name is null);
        }
        catch
        {
            snapshotter.RemoveContainer(id);
            DeleteDirectory(DataDir(id));
            throw;
        }

        return containers.GetById(id)!;
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
        var host = record.Settings.NetworkMode == "host";
        var hostResolv = File.Exists("/etc/resolv.conf") ? await File.ReadAllTextAsync("/etc/resolv.conf", cancellationToken).ConfigureAwait(false) : "";
        await File.WriteAllTextAsync(Path.Combine(dir, "hostname"), EtcFiles.Hostname(record.Settings.Hostname), cancellationToken).ConfigureAwait(false);
        var hosts = host && File.Exists("/etc/hosts")
            ? await File.ReadAllTextAsync("/etc/hosts", cancellationToken).ConfigureAwait(false)
            : EtcFiles.Hosts(record.Settings.Hostname, null);
        await File.WriteAllTextAsync(Path.Combine(dir, "hosts"), hosts, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(dir, "resolv.conf"), EtcFiles.ResolvConf(hostResolv, hostNetwork: host), cancellationToken).ConfigureAwait(false);
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
