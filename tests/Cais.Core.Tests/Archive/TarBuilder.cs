using System.Formats.Tar;

namespace Cais.Core.Tests.Archive;

/// <summary>Builds layer tars in memory (PAX format, like the tars registries serve).</summary>
internal sealed class TarBuilder
{
    public static readonly DateTimeOffset DefaultTime = new(2020, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly MemoryStream _stream = new();
    private readonly TarWriter _writer;

    public TarBuilder()
    {
        _writer = new TarWriter(_stream, TarEntryFormat.Pax, leaveOpen: true);
    }

    public TarBuilder File(string name, string content, int mode = 0x1A4, int uid = 0, int gid = 0, DateTimeOffset? mtime = null, Dictionary<string, string>? xattrs = null)
    {
        var entry = Entry(TarEntryType.RegularFile, name, mode, uid, gid, mtime, xattrs);
        entry.DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        _writer.WriteEntry(entry);
        return this;
    }

    public TarBuilder Dir(string name, int mode = 0x1ED, int uid = 0, int gid = 0, DateTimeOffset? mtime = null, Dictionary<string, string>? xattrs = null)
    {
        _writer.WriteEntry(Entry(TarEntryType.Directory, name, mode, uid, gid, mtime, xattrs));
        return this;
    }

    public TarBuilder Symlink(string name, string target, int uid = 0, int gid = 0, DateTimeOffset? mtime = null)
    {
        var entry = Entry(TarEntryType.SymbolicLink, name, 0x1FF, uid, gid, mtime, null);
        entry.LinkName = target;
        _writer.WriteEntry(entry);
        return this;
    }

    public TarBuilder HardLink(string name, string target)
    {
        var entry = Entry(TarEntryType.HardLink, name, 0x1A4, 0, 0, null, null);
        entry.LinkName = target;
        _writer.WriteEntry(entry);
        return this;
    }

    public TarBuilder Device(string name, TarEntryType type, int major, int minor, int mode = 0x1B6)
    {
        var entry = Entry(type, name, mode, 0, 0, null, null);
        entry.DeviceMajor = major;
        entry.DeviceMinor = minor;
        _writer.WriteEntry(entry);
        return this;
    }

    public TarBuilder Fifo(string name, int mode = 0x1A4)
    {
        _writer.WriteEntry(Entry(TarEntryType.Fifo, name, mode, 0, 0, null, null));
        return this;
    }

    /// <summary>Whiteouts and opaque markers are empty regular files in OCI layers.</summary>
    public TarBuilder Marker(string name) => File(name, string.Empty);

    public byte[] ToArray()
    {
        _writer.Dispose();
        return _stream.ToArray();
    }

    public MemoryStream Build() => new(ToArray());

    private static PaxTarEntry Entry(TarEntryType type, string name, int mode, int uid, int gid, DateTimeOffset? mtime, Dictionary<string, string>? xattrs)
    {
        var attributes = new Dictionary<string, string>();
        if (xattrs is not null)
        {
            foreach (var (key, value) in xattrs)
            {
                attributes["SCHILY.xattr." + key] = value;
            }
        }

        return new PaxTarEntry(type, name, attributes)
        {
            Mode = (UnixFileMode)mode,
            Uid = uid,
            Gid = gid,
            ModificationTime = mtime ?? DefaultTime,
        };
    }
}
