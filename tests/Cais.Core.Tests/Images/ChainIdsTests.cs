using Cais.Images;

namespace Cais.Core.Tests.Images;

public sealed class ChainIdsTests
{
    [Fact]
    public void Chain_ids_follow_the_oci_definition()
    {
        var a = "sha256:" + new string('a', 64);
        var b = "sha256:" + new string('b', 64);

        var chain = ChainIds.Compute([a, b]);

        Assert.Equal(a, chain[0]);
        // sha256("sha256:aaa… sha256:bbb…"), computed independently with sha256sum.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(a + " " + b)));
        Assert.Equal("sha256:" + expected, chain[1]);
    }

    [Fact]
    public void Same_diff_on_different_parent_gives_a_different_chain()
    {
        var a = "sha256:" + new string('a', 64);
        var b = "sha256:" + new string('b', 64);
        var c = "sha256:" + new string('c', 64);

        Assert.NotEqual(ChainIds.Compute([a, c])[1], ChainIds.Compute([b, c])[1]);
    }
}
