using Cais.Cli.CommandLine;
using Cais.Cli.Commands;
using Cais.Cli.Logging;
using Cais.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cais.Core.Tests.Logging;

/// <summary>-D and --log-level turn the CLI's stderr logger on; nothing else does.</summary>
public sealed partial class StderrLoggerTests
{
    [Fact]
    public void No_flag_leaves_logging_off()
    {
        Assert.Same(NullLoggerFactory.Instance, LogSettings.FactoryFrom(Parse("ps"), TextWriter.Null));
    }

    [Fact]
    public void Debug_flag_logs_debug_lines_in_logrus_text_form()
    {
        var stderr = new StringWriter();
        var factory = LogSettings.FactoryFrom(Parse("-D", "ps"), stderr);

        Probe(factory.CreateLogger("Cais.Test"), "say \"hi\"\nthere");

        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^time=\"[0-9T:.-]+Z\" level=debug msg=\"probe say \\\\\"hi\\\\\"\\\\nthere\"$", line);
    }

    [Fact]
    public void Log_level_keeps_lines_below_it_out()
    {
        var stderr = new StringWriter();
        var logger = LogSettings.FactoryFrom(Parse("--log-level", "warn", "ps"), stderr).CreateLogger("Cais.Test");

        Probe(logger, "quiet");
        logger.LogWarning("loud");

        Assert.DoesNotContain("quiet", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("level=warning msg=\"loud\"", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_level_is_refused_in_Docker_words()
    {
        var e = Assert.Throws<EngineException>(() => LogSettings.FactoryFrom(Parse("--log-level", "chatty", "ps"), TextWriter.Null));

        Assert.Equal("Unable to parse logging level: chatty", e.Message);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "probe {Text}")]
    private static partial void Probe(ILogger logger, string text);

    private static ParsedCommand Parse(params string[] args)
    {
        var outcome = CommandLineParser.Parse(CommandTree.Build(), args);
        return outcome.Command ?? throw new InvalidOperationException($"{string.Join(' ', args)} did not parse: {outcome.Kind}");
    }
}
