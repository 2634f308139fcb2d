using System.Text.Json;
using Cais.Api;

namespace Cais.Core.Tests.Api;

public sealed class ApiJsonContextTests
{
    [Fact]
    public void Fields_are_written_with_dockers_names_in_declared_order()
    {
        var json = JsonSerializer.Serialize(new ImageInspect { Id = "sha256:1", Descriptor = new OciDescriptor { MediaType = "m", Digest = "d" } }, ApiJsonContext.Default.ImageInspect);
        Assert.StartsWith("{\"Id\":\"sha256:1\",\"RepoTags\":null,", json, StringComparison.Ordinal);
        Assert.EndsWith("\"Descriptor\":{\"mediaType\":\"m\",\"digest\":\"d\"}}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpublished_ports_are_null_and_published_ones_list_their_host_sides()
    {
        var ports = new PortMap { ["443/tcp"] = null, ["80/tcp"] = [new PortBinding { HostIp = "0.0.0.0", HostPort = "8080" }] };
        Assert.Equal("{\"443/tcp\":null,\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"}]}", JsonSerializer.Serialize(ports, ApiJsonContext.Default.PortMap));
    }

    [Fact]
    public void An_rmi_report_line_has_only_its_own_field()
    {
        Assert.Equal("{\"Untagged\":\"busybox:latest\"}", JsonSerializer.Serialize(new ImageDeleteResponseItem { Untagged = "busybox:latest" }, ApiJsonContext.Default.ImageDeleteResponseItem));
        Assert.Equal("{\"Deleted\":\"sha256:1\"}", JsonSerializer.Serialize(new ImageDeleteResponseItem { Deleted = "sha256:1" }, ApiJsonContext.Default.ImageDeleteResponseItem));
    }

    [Fact]
    public void Reading_ignores_the_case_of_names_as_go_does()
    {
        var network = JsonSerializer.Deserialize("{\"name\":\"front\",\"ipam\":{\"config\":[{\"subnet\":\"10.1.0.0/24\"}]},\"labels\":{\"a\":\"b\"}}", ApiJsonContext.Default.NetworkResource)!;
        Assert.Equal("front", network.Name);
        Assert.Equal("10.1.0.0/24", network.IPAM!.Config![0].Subnet);
        Assert.Equal("b", network.Labels!["a"]);
    }
}
