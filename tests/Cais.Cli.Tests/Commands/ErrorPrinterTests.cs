using Cais.Cli.Commands;
using Cais.Cli.Rendering;
using Cais.Common;

namespace Cais.Cli.Tests.Commands;

/// <summary>The one error printer: Docker's line and exit code for every kind of failure.</summary>
public sealed class ErrorPrinterTests
{
    [Theory]
    [InlineData(true, 64)]
    [InlineData(false, 1)]
    public async Task A_bad_template_prints_gos_message_and_exits_64_only_when_it_does_not_parse(bool parseError, int exitCode)
    {
        using var error = new StringWriter { NewLine = "\n" };

        var code = await new ErrorPrinter(error, "", 1, launchFailureExitCodes: false).ReportAsync(new TemplateException("template: :1: unclosed action") { IsParseError = parseError });

        Assert.Equal((exitCode, "template: :1: unclosed action\n"), (code, error.ToString()));
    }

    [Fact]
    public async Task A_full_disk_is_named_as_such()
    {
        using var error = new StringWriter { NewLine = "\n" };

        var code = await new ErrorPrinter(error, "", 1, launchFailureExitCodes: false).ReportAsync(new AggregateException(new IOException("write failed", 28)));

        Assert.Equal((1, "Error: no space left on device (the disk holding the cais state is full)\n"), (code, error.ToString()));
    }

    [Fact]
    public async Task A_launch_failure_outside_run_exits_with_the_commands_code()
    {
        using var error = new StringWriter { NewLine = "\n" };
        var failure = new EngineException(ErrorKind.FailedPrecondition, "exec failed", new Cais.Runtime.CommandLaunchException(127, "exec failed"));

        var code = await new ErrorPrinter(error, "", 1, launchFailureExitCodes: false).ReportAsync(failure);

        Assert.Equal((1, "Error response from daemon: exec failed\n"), (code, error.ToString()));
    }
}
