namespace Cais.Cli.CommandLine;

/// <summary>The top-level options every cais invocation understands (put them on the root spec).</summary>
public static class GlobalOptions
{
    public const string Root = "root";
    public const string RunRoot = "runroot";
    public const string Debug = "debug";
    public const string LogLevel = "log-level";
    public const string Version = "version";
    public const string Config = "config";
    public const string Host = "host";
    public const string Context = "context";
    public const string Tls = "tls";
    public const string TlsVerify = "tlsverify";
    public const string TlsCaCert = "tlscacert";
    public const string TlsCert = "tlscert";
    public const string TlsKey = "tlskey";

    /// <summary>--root and --runroot are persistent so that every subcommand accepts them too.</summary>
    public static IReadOnlyList<OptionSpec> All { get; } =
    [
        new OptionSpec(Root, OptionKind.String, "Path to the storage root directory") { Persistent = true },
        new OptionSpec(RunRoot, OptionKind.String, "Path to the runtime state directory") { Persistent = true },
        OptionSpec.Flag(Debug, 'D', "Enable debug mode"),
        OptionSpec.Str(LogLevel, 'l', "Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\")", "info"),
        OptionSpec.Flag(Version, 'v', "Print version information and quit"),

        // Docker's client flags, with Docker's defaults in help; what each means for a daemonless engine is decided in
        // Commands/GlobalFlags (docs/design/cli.md).
        OptionSpec.Str(Config, null, "Location of client config files", ClientConfigDirectory()),
        OptionSpec.Str(Context, 'c', "Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with \"docker context use\")"),
        OptionSpec.Strings(Host, 'H', "Daemon socket to connect to"),
        OptionSpec.Flag(Tls, null, "Use TLS; implied by --tlsverify"),
        OptionSpec.Str(TlsCaCert, null, "Trust certs signed only by this CA", Path.Combine(CertificateDirectory(), "ca.pem")),
        OptionSpec.Str(TlsCert, null, "Path to TLS certificate file", Path.Combine(CertificateDirectory(), "cert.pem")),
        OptionSpec.Str(TlsKey, null, "Path to TLS key file", Path.Combine(CertificateDirectory(), "key.pem")),
        OptionSpec.Flag(TlsVerify, null, "Use TLS and verify the remote"),
    ];

    /// <summary>Docker's client config directory: $DOCKER_CONFIG, else ~/.docker.</summary>
    public static string ClientConfigDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        return Path.Combine(string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home, ".docker");
    }

    private static string CertificateDirectory()
    {
        var certPath = Environment.GetEnvironmentVariable("DOCKER_CERT_PATH");
        return string.IsNullOrEmpty(certPath) ? ClientConfigDirectory() : certPath;
    }
}
