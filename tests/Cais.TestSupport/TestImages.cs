using Cais.Oci.Image;

namespace Cais.TestSupport;

/// <summary>Ready-made test images, built from the host's static busybox so they run without network access.</summary>
public static class TestImages
{
    public const string BusyboxHostPath = "/bin/busybox";

    public const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The applets linked in /bin (each a symlink to busybox).</summary>
    public static readonly IReadOnlyList<string> Applets =
    [
        "sh", "ash", "echo", "cat", "ls", "sleep", "true", "false", "id", "env", "pwd", "hostname", "nc", "nslookup",
        "ip", "ifconfig", "wc", "head", "tail", "printf", "test", "[", "[[", "grep", "ps", "mount", "umount", "stat",
        "touch", "mkdir", "rmdir", "rm", "readlink", "realpath", "tty", "yes", "seq", "kill", "whoami", "ping", "wget",
        "sed", "awk", "cut", "sort", "uniq", "tr", "date", "uname", "df", "du", "find", "xargs", "chmod", "chown",
        "chgrp", "ln", "mv", "cp", "dd", "top", "free", "stty", "nproc", "basename", "dirname", "expr", "getty",
        "groups", "md5sum", "sha256sum", "mknod", "mkfifo", "timeout", "tee", "which", "cmp", "diff", "gzip", "gunzip",
        "tar", "vi", "hexdump", "od", "pidof", "sync", "su", "logger", "dmesg", "netstat", "traceroute", "arp", "route",
        "usleep", "watch", "uptime", "more", "less", "reset", "clear", "setsid", "chroot", "unshare", "nsenter",
    ];

    /// <summary>
    /// busybox image: /bin/busybox (from busybox-static) with applet symlinks, /etc/passwd and /etc/group
    /// (root, daemon, nobody/nogroup), /tmp 1777, /root 0700, /home, /var. No /etc/hostname. Cmd ["sh"], Env PATH.
    /// </summary>
    public static OciImageBuilder Busybox(LayerCompression compression = LayerCompression.Gzip, ManifestFormat format = ManifestFormat.Oci)
    {
        var image = new OciImageBuilder(format: format) { Cmd = ["sh"], Env = [DefaultPath] };
        image.AddLayer(BusyboxLayer(compression));
        return image;
    }

    /// <summary>The busybox root filesystem as one layer.</summary>
    public static LayerBuilder BusyboxLayer(LayerCompression compression = LayerCompression.Gzip)
    {
        if (!File.Exists(BusyboxHostPath))
        {
            throw new InvalidOperationException($"{BusyboxHostPath} (busybox-static) is missing; run scripts/setup.sh");
        }

        var layer = new LayerBuilder(compression) { CreatedBy = "busybox rootfs" };
        layer.AddDir("/bin");
        layer.AddHostFile("/bin/busybox", BusyboxHostPath, Perm.Octal(755));
        foreach (var applet in Applets)
        {
            layer.AddSymlink("/bin/" + applet, "busybox");
        }

        layer.AddDir("/etc");
        layer.AddFile("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        layer.AddFile("/etc/group", "root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n");
        layer.AddDir("/tmp", Perm.Octal(1777));
        layer.AddDir("/root", Perm.Octal(700));
        layer.AddDir("/home");
        layer.AddDir("/var");
        return layer;
    }

    /// <summary>
    /// busybox + a layer adding /data/a, /data/b, /data/dir/x + a layer that whiteouts /data/a and makes
    /// /data/dir opaque with a new /data/dir/y. Final tree: /data/b, /data/dir/y.
    /// </summary>
    public static OciImageBuilder MultiLayerWithWhiteouts(LayerCompression compression = LayerCompression.Gzip)
    {
        var image = Busybox(compression);
        image.AddLayer(compression, "add /data")
            .AddDir("/data")
            .AddFile("/data/a", "a\n")
            .AddFile("/data/b", "b\n")
            .AddDir("/data/dir")
            .AddFile("/data/dir/x", "x\n");
        image.AddLayer(compression, "delete /data/a, replace /data/dir")
            .AddDir("/data")
            .AddWhiteout("/data/a")
            .AddOpaque("/data/dir")
            .AddFile("/data/dir/y", "y\n");
        return image;
    }

    /// <summary>
    /// An index for linux/amd64 and linux/arm64/v8. The host architecture's entry is busybox plus /arch naming
    /// the architecture; the foreign entry is only /arch (it cannot run here anyway).
    /// </summary>
    public static OciImageBuilder MultiPlatform(ManifestFormat format = ManifestFormat.Oci)
    {
        var index = new OciImageBuilder(format: format);
        foreach (var platform in new[]
                 {
                     new Platform { Os = "linux", Architecture = "amd64" },
                     new Platform { Os = "linux", Architecture = "arm64", Variant = "v8" },
                 })
        {
            var image = new OciImageBuilder(platform, format) { Cmd = ["sh"], Env = [DefaultPath] };
            if (platform.Architecture == Platform.Host.Architecture)
            {
                image.AddLayer(BusyboxLayer());
            }

            image.AddLayer(LayerCompression.Gzip, "arch marker").AddFile("/arch", platform.Architecture);
            index.AddPlatform(image);
        }

        return index;
    }

    /// <summary>busybox as a zstd layer plus a second zstd layer adding /zstd-marker.</summary>
    public static OciImageBuilder ZstdBusybox()
    {
        var image = Busybox(LayerCompression.Zstd);
        image.AddLayer(LayerCompression.Zstd, "zstd marker").AddFile("/zstd-marker", "zstd\n");
        return image;
    }

    /// <summary>busybox + one gzip layer holding /large.bin: <paramref name="megabytes"/> MiB of incompressible, reproducible data.</summary>
    public static OciImageBuilder LargeLayer(int megabytes, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(megabytes);
        var image = Busybox();
        image.AddLayer(LayerCompression.Gzip, "large random file").AddRandomFile("/large.bin", megabytes * 1024L * 1024L, seed);
        return image;
    }
}
