using Cais.Common;

namespace Cais.Core.Tests.Common;

public sealed class FilterTimeTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("24h", -24 * 60)]
    [InlineData("1h30m", -90)]
    [InlineData("90m", -90)]
    [InlineData("1.5h", -90)]
    [InlineData("0", 0)]
    [InlineData("-10m", 10)]
    public void A_duration_counts_back_from_now(string value, int minutes) =>
        Assert.Equal(s_now.AddMinutes(minutes), FilterTime.Parse(value, s_now));

    [Fact]
    public void Timestamps_are_unix_seconds_or_dates()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), FilterTime.Parse("1700000000", s_now));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000500), FilterTime.Parse("1700000000.5", s_now));
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero), FilterTime.Parse("2025-06-01T10:00:00Z", s_now));
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.FromHours(2)), FilterTime.Parse("2025-06-01T10:00:00+02:00", s_now));
        Assert.Equal(new DateTimeOffset(new DateTime(2025, 6, 1), TimeZoneInfo.Local.GetUtcOffset(new DateTime(2025, 6, 1))), FilterTime.Parse("2025-06-01", s_now));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("10")]
    [InlineData("1d")]
    [InlineData("")]
    public void Anything_else_is_refused_in_dockers_words(string value)
    {
        if (value == "10")
        {
            // Bare digits are Unix seconds, not a duration.
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(10), FilterTime.Parse(value, s_now));
            return;
        }

        var error = Assert.Throws<EngineException>(() => FilterTime.Parse(value, s_now));
        Assert.Equal($"failed to parse value as time or duration: \"{value}\"", error.Message);
    }
}
