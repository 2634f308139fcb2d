using Cais.Common;
using Cais.Containers.Spec;

namespace Cais.Core.Tests.Containers.Spec;

public sealed class ExecLimitsTests
{
    private const ulong EightMiB = 8 << 20;

    [Fact]
    public void Environment_over_a_quarter_of_the_stack_limit_is_refused_with_the_kernels_words()
    {
        var env = Enumerable.Range(0, 100_000).Select(i => $"VARIABLE_{i}=value_{i}").ToList();

        var error = Assert.Throws<EngineException>(() => ExecLimits.Check(["true"], env, EightMiB));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("argument list too long: the command and its 100000 environment variables take ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("over the 2097152 bytes the kernel accepts for a new program", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_string_over_128_KiB_is_refused()
    {
        var error = Assert.Throws<EngineException>(() => ExecLimits.Check(["true"], ["BIG=" + new string('x', 128 * 1024)], EightMiB));

        Assert.StartsWith("argument list too long: a 131077-byte argument", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EightMiB, 2L << 20)]
    [InlineData(ulong.MaxValue, 6L << 20)]
    [InlineData(64UL << 10, 128L << 10)]
    public void Limit_follows_the_stack_limit_within_the_kernels_bounds(ulong stack, long expected)
    {
        Assert.Equal(expected, ExecLimits.TotalLimit(stack));
    }

    [Fact]
    public void Ordinary_environment_passes()
    {
        ExecLimits.Check(["sh", "-c", "echo hi"], Enumerable.Range(0, 1000).Select(i => $"V{i}=x").ToList(), EightMiB);
    }
}
