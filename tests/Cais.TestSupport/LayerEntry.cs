namespace Cais.TestSupport;

/// <summary>
/// One tar entry of a test layer, exactly as it will be written. <see cref="Path"/> is used verbatim (only a
/// leading "/" is dropped), so tests can build hostile layers ("../escape", absolute link targets) on purpose.
/// </summary>
public sealed record LayerEntry
{
    /// <summary>The entry name inside the tar, without leading "/" (directories get a trailing "/" on write).</summary>
    public required string Path { get; init; }

    public LayerEntryType Type { get; init; } = LayerEntryType.File;

    /// <summary>Permission bits including setuid/setgid/sticky.</summary>
    public UnixFileMode Mode { get; init; } = Perm.Octal(644);

    public int Uid { get; init; }

    public int Gid { get; init; }

    /// <summary>Null means <see cref="LayerBuilder.DefaultModificationTime"/>, which keeps digests reproducible.</summary>
    public DateTimeOffset? ModificationTime { get; init; }

    /// <summary>Symlink target, or the hardlink's target entry name.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>File content held in memory.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>File content read from this host file at write time (instead of <see cref="Data"/>).</summary>
    public string? HostFile { get; init; }

    /// <summary>When positive, the file holds this many incompressible pseudo-random bytes (instead of <see cref="Data"/>).</summary>
    public long RandomLength { get; init; }

    /// <summary>Seed of the pseudo-random content, so the same layer always has the same digest.</summary>
    public ulong RandomSeed { get; init; } = 1;

    public int DeviceMajor { get; init; }

    public int DeviceMinor { get; init; }

    /// <summary>Extra PAX records, e.g. "SCHILY.xattr.user.test".</summary>
    public IReadOnlyDictionary<string, string>? PaxAttributes { get; init; }
}
