using Cais.Common;
using Cais.Network.Ports;

namespace Cais.Core.Tests.Network.Ports;

public sealed class ExposedPortsTests
{
    [Fact]
    public void FromImage_publishes_every_exposed_port_on_any_host_port_sorted()
    {
        var exposed = new Dictionary<string, object>
        {
            ["443/tcp"] = new(),
            ["53/udp"] = new(),
            ["80"] = new(),
            ["53/tcp"] = new(),
        };
        var bindings = ExposedPorts.FromImage(exposed);
        Assert.Equal(["53/tcp", "53/udp", "80/tcp", "443/tcp"], bindings.Select(b => b.ContainerKey));
        Assert.All(bindings, b =>
        {
            Assert.Equal(0, b.HostPort);
            Assert.Equal("", b.HostIp);
        });
    }

    [Fact]
    public void FromImage_without_exposed_ports_is_empty()
    {
        Assert.Empty(ExposedPorts.FromImage<object>(null));
    }

    [Fact]
    public void FromImage_rejects_garbage_keys()
    {
        var error = Assert.Throws<EngineException>(() => ExposedPorts.FromImage(new Dictionary<string, int> { ["x/tcp"] = 0 }));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("x/tcp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PublishAll_keeps_explicit_bindings_and_adds_the_rest()
    {
        var exposed = new Dictionary<string, object> { ["80/tcp"] = new(), ["443/tcp"] = new() };
        var explicitBindings = PortSpec.Parse("8080:80");
        var all = ExposedPorts.PublishAll(exposed, explicitBindings);
        Assert.Equal(
            [new PortBinding("", 8080, 80, PortProtocol.Tcp), new PortBinding("", 0, 443, PortProtocol.Tcp)],
            all);
    }

    [Fact]
    public void ParseExpose_normalizes_and_expands()
    {
        Assert.Equal(["8000/udp", "8001/udp"], ExposedPorts.ParseExpose("8000-8001/udp"));
        Assert.Equal(["80/tcp"], ExposedPorts.ParseExpose("80"));
    }

    [Fact]
    public void ParseExpose_rejects_a_bad_range_with_dockers_prefix()
    {
        var error = Assert.Throws<EngineException>(() => ExposedPorts.ParseExpose("80-79"));
        Assert.StartsWith("invalid range format for --expose: 80-79", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_adds_expose_values_to_the_images_ports_and_PublishAll_publishes_them()
    {
        var image = new Dictionary<string, object> { ["80/tcp"] = new() };

        var merged = ExposedPorts.Merge(image, ["80", "53/udp", "8000-8001"]);

        Assert.Equal(["53/udp", "80/tcp", "8000/tcp", "8001/tcp"], ExposedPorts.FromImage(merged).Select(b => b.ContainerKey));
        Assert.Equal(4, ExposedPorts.PublishAll(merged, []).Count);
    }
}
