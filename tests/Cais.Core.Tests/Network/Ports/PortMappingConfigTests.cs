using Cais.Network.Ports;

namespace Cais.Core.Tests.Network.Ports;

public sealed class PortMappingConfigTests
{
    [Fact]
    public void Runtime_config_lists_port_mappings_and_omits_wildcard_host_ip()
    {
        var json = PortMappingConfig.ToCniRuntimeConfigJson(
            [
                new PortBinding("", 8080, 80, PortProtocol.Tcp),
                new PortBinding("127.0.0.1", 5353, 53, PortProtocol.Udp),
                new PortBinding("::1", 9000, 9000, PortProtocol.Sctp),
            ]);
        Assert.Equal(
            """{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"},"""
            + """{"hostPort":5353,"containerPort":53,"protocol":"udp","hostIP":"127.0.0.1"},"""
            + """{"hostPort":9000,"containerPort":9000,"protocol":"sctp","hostIP":"::1"}]}""",
            json);
    }

    [Fact]
    public void Empty_bindings_give_an_empty_list()
    {
        Assert.Equal("""{"portMappings":[]}""", PortMappingConfig.ToCniRuntimeConfigJson([]));
    }

    [Fact]
    public void Unallocated_bindings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PortMappingConfig.ToCniRuntimeConfig(PortSpec.Parse("80")));
        Assert.Throws<ArgumentException>(() => PortMappingConfig.ToCniRuntimeConfig(PortSpec.Parse("8080-8081:80")));
    }
}
