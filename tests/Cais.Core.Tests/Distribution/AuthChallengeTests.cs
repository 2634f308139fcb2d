using Cais.Distribution;

namespace Cais.Core.Tests.Distribution;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Parses_a_bearer_challenge_with_commas_inside_quotes()
    {
        var challenges = AuthChallenge.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:samalba/my-app:pull,push\"");
        var challenge = Assert.Single(challenges);
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge["realm"]);
        Assert.Equal("registry.docker.io", challenge["service"]);
        Assert.Equal("repository:samalba/my-app:pull,push", challenge["scope"]);
    }

    [Fact]
    public void Parses_basic_and_is_case_insensitive()
    {
        var challenge = Assert.Single(AuthChallenge.Parse("basic Realm=\"Registry Realm\""));
        Assert.True(challenge.IsBasic);
        Assert.False(challenge.IsBearer);
        Assert.Equal("Registry Realm", challenge["realm"]);
    }

    [Fact]
    public void Parses_several_challenges_in_one_header()
    {
        var challenges = AuthChallenge.Parse("Basic realm=\"x, y\", Bearer realm=\"https://auth.test/token\", service=reg.test");
        Assert.Equal(2, challenges.Count);
        Assert.True(challenges[0].IsBasic);
        Assert.Equal("x, y", challenges[0]["realm"]);
        Assert.True(challenges[1].IsBearer);
        Assert.Equal("https://auth.test/token", challenges[1]["realm"]);
        Assert.Equal("reg.test", challenges[1]["service"]);
    }

    [Fact]
    public void Handles_escapes_and_unquoted_values()
    {
        var quoted = Assert.Single(AuthChallenge.Parse("Bearer realm=\"a\\\"b\\\\c\""));
        Assert.Equal("a\"b\\c", quoted["realm"]);

        var unquoted = Assert.Single(AuthChallenge.Parse("Bearer realm=https://auth.test/token,service=reg.test"));
        Assert.Equal("https://auth.test/token", unquoted["realm"]);
        Assert.Equal("reg.test", unquoted["service"]);
    }

    [Fact]
    public void Empty_header_has_no_challenges()
    {
        Assert.Empty(AuthChallenge.Parse(""));
        Assert.Null(Assert.Single(AuthChallenge.Parse("Bearer"))["realm"]);
    }
}
