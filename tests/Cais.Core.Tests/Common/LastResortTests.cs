using Cais.Cli.Commands;
using Cais.Common;

namespace Cais.Core.Tests.Common;

/// <summary>What the CLI prints for a failure that is not an engine error: one line that names the problem.</summary>
public sealed class LastResortTests
{
    [Fact]
    public void Unexpected_exception_is_one_line_with_its_kind()
    {
        var line = LastResort.Line(new InvalidOperationException("first line\nsecond line"));

        Assert.EndsWith("Error: unexpected InvalidOperationException: first line second line", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Theory]
    [InlineData(28)]
    [InlineData(122)]
    public void Full_disk_is_named_as_such_whatever_wraps_it(int errno)
    {
        var wrapped = new AggregateException(new EngineException(ErrorKind.DataLoss, "failed to unpack layer", new IOException("write failed", errno)));

        Assert.True(DiskFull.Caused(wrapped));
        Assert.EndsWith("Error: no space left on device (the disk holding the cais state is full)", LastResort.Line(wrapped), StringComparison.Ordinal);
    }

    [Fact]
    public void Other_io_errors_are_not_taken_for_a_full_disk()
    {
        Assert.False(DiskFull.Caused(new IOException("Connection reset by peer", 104)));
        Assert.EndsWith("Error: Connection reset by peer", LastResort.Line(new IOException("Connection reset by peer", 104)), StringComparison.Ordinal);
    }
}
