using Cais.Linux;

namespace Cais.Core.Tests.Linux;

public sealed class ProcessStartTimeTests
{
    [Fact]
    public void Start_time_is_field_22_even_when_the_command_holds_spaces_and_parentheses()
    {
        const string stat = "4242 (a) b (c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 0 0";

        Assert.Equal(987654UL, ProcessStartTime.Parse(stat));
    }

    [Fact]
    public void A_zombie_or_a_truncated_line_has_no_start_time()
    {
        Assert.Null(ProcessStartTime.Parse("4242 (sleep) Z 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 0 0"));
        Assert.Null(ProcessStartTime.Parse("4242 (sleep) S 1 4242"));
        Assert.Null(ProcessStartTime.Parse("garbage"));
    }

    [Fact]
    public void A_live_process_keeps_its_start_time_and_a_gone_one_has_none()
    {
        var own = ProcessStartTime.Of(Environment.ProcessId);

        Assert.NotNull(own);
        Assert.Equal(own, ProcessStartTime.Of(Environment.ProcessId));
        Assert.Null(ProcessStartTime.Of(int.MaxValue));
        Assert.Matches("^[0-9a-f-]{36}$", ProcessStartTime.BootId);
    }
}
