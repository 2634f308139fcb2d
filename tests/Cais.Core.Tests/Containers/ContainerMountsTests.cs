using Cais.Common;
using Cais.Containers;
using Cais.Containers.Spec;

namespace Cais.Core.Tests.Containers;

/// <summary>-v parsed into typed mounts at the front door, and what create accepts of them today.</summary>
public sealed class ContainerMountsTests
{
    [Fact]
    public void A_bind_is_parsed_into_a_typed_record_that_keeps_its_text()
    {
        var bind = BindSpec.Parse("/srv/../srv/data:/data:ro");

        Assert.Equal(new BindMount("/srv/data", "/data", ReadOnly: true) { Text = "/srv/../srv/data:/data:ro" }, bind);
        Assert.Equal("bind", bind.Type);
        Assert.Equal("/srv/../srv/data:/data:ro", ContainerMounts.Recorded(bind));
        Assert.Equal("/a:/b:ro", ContainerMounts.Recorded(new BindMount("/a", "/b", ReadOnly: true)));
        Assert.Equal("/a:/b", ContainerMounts.Recorded(new BindMount("/a", "/b")));
    }

    [Theory]
    [InlineData("nocolon", "invalid volume specification: 'nocolon'")]
    [InlineData("/a:/b:bogus", "invalid mode: bogus")]
    [InlineData("name:/data", "invalid volume specification: 'name:/data': named volumes are not supported yet; the host path must be absolute")]
    [InlineData("/a:rel", "invalid volume specification: '/a:rel': invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute")]
    public void Bad_volume_flags_keep_dockers_messages(string text, string message)
    {
        var error = Assert.Throws<EngineException>(() => BindSpec.Parse(text));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Volumes_and_tmpfs_mounts_are_refused_until_supported()
    {
        ContainerMount[] mounts = [new BindMount("/a", "/b"), new VolumeMount("data", "/data")];

        var error = Assert.Throws<EngineException>(() => ContainerMounts.SupportedBinds(mounts));
        Assert.Contains("\"volume\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("not supported yet", error.Message, StringComparison.Ordinal);
        Assert.Throws<EngineException>(() => ContainerMounts.SupportedBinds([new TmpfsMount("/run")]));
        Assert.Single(ContainerMounts.SupportedBinds([new BindMount("/a", "/b")]));
    }
}
