using Cais.Distribution;

namespace Cais.Core.Tests.Distribution;

public sealed class RegistryEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("127.1.2.3", "http://127.1.2.3/")]
    [InlineData("localhost", "http://localhost/")]
    [InlineData("localhost:5000", "http://localhost:5000/")]
    [InlineData("LOCALHOST:5000", "http://localhost:5000/")]
    [InlineData("[::1]:5000", "http://[::1]:5000/")]
    [InlineData("[::1]", "http://[::1]/")]
    [InlineData("registry.example.com", "https://registry.example.com/")]
    [InlineData("registry.example.com:5000", "https://registry.example.com:5000/")]
    [InlineData("128.0.0.1:5000", "https://128.0.0.1:5000/")]
    [InlineData("localhost.example.com", "https://localhost.example.com/")]
    [InlineData("registry-1.docker.io", "https://registry-1.docker.io/")]
    public void Loopback_is_plain_http_everything_else_https(string host, string expected)
    {
        Assert.Equal(expected, RegistryEndpoint.BaseUri(host, null).ToString());
    }

    [Theory]
    [InlineData("myreg:5000", true)]
    [InlineData("MyReg:5000", true)]
    [InlineData("myreg:5001", false)]
    [InlineData("otherreg", true)]
    [InlineData("otherreg:1234", true)]
    [InlineData("10.1.2.3:5000", true)]
    [InlineData("11.1.2.3:5000", false)]
    [InlineData("unlisted.example.com", false)]
    public void Configured_insecure_hosts_use_http(string host, bool insecure)
    {
        string[] configured = ["myreg:5000", "otherreg", "10.0.0.0/8"];
        Assert.Equal(insecure, RegistryEndpoint.IsInsecure(host, configured));
        Assert.Equal(insecure ? "http" : "https", RegistryEndpoint.BaseUri(host, configured).Scheme);
    }
}
