using Cais.Api;

namespace Cais.Core.Tests.Containers.Service;

/// <summary>
/// The container list and inspect fill <c>SizeRw</c>/<c>SizeRootFs</c> only when asked (they walk files): the
/// writable layer's own writes, and those plus the image's layers.
/// </summary>
public sealed class ContainerSizeTests : ContainerServiceTestBase
{
    [Fact]
    public async Task The_list_measures_only_when_asked()
    {
        var created = await Bed.CreateAsync(ContainerServiceTestBed.Options("web"));
        await File.WriteAllTextAsync(Path.Combine(Bed.Snapshotter.MountPoint(created.Id), "written"), "1234567");
        var imageSize = Bed.ImageRecords.Find(ContainerServiceTestBed.ImageName)!.Size;
        Assert.True(imageSize > 0);

        var plain = Assert.Single(await Bed.Service.ListAsync(new ContainerListOptions { All = true }, CancellationToken.None));
        var sized = Assert.Single(await Bed.Service.ListAsync(new ContainerListOptions { All = true, Size = true }, CancellationToken.None));

        Assert.Equal((0, 0), (plain.SizeRw, plain.SizeRootFs));
        Assert.Equal((7, 7 + imageSize), (sized.SizeRw, sized.SizeRootFs));
    }

    [Fact]
    public async Task Inspect_reports_sizes_only_when_asked()
    {
        var created = await Bed.CreateAsync(ContainerServiceTestBed.Options("web"));
        var imageSize = Bed.ImageRecords.Find(ContainerServiceTestBed.ImageName)!.Size;

        var plain = await Bed.Service.InspectAsync("web", size: false, CancellationToken.None);
        var sized = await Bed.Service.InspectAsync("web", size: true, CancellationToken.None);

        Assert.Null(plain.SizeRw);
        Assert.Null(plain.SizeRootFs);
        Assert.Equal(0, sized.SizeRw);
        Assert.Equal(imageSize, sized.SizeRootFs);
        Assert.Equal(created.Id, sized.Id);
    }
}
