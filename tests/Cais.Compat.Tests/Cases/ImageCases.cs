using Cais.Compat.Tests.Harness;

namespace Cais.Compat.Tests.Cases;

/// <summary>pull, images, rmi, tag, image inspect.</summary>
public static class ImageCases
{
    public static IReadOnlyList<CompatCase> All { get; } =
    [
        // pull (the image is already present on both sides).
        CompatCase.Of("pull {IMG}"),
        CompatCase.Of("pull -q {IMG}"),
        CompatCase.Of("pull --platform linux/amd64 -q {IMG}"),
        CompatCase.Of("pull {REG}/compat/nothere:latest"),
        CompatCase.Of("pull {REG}/compat/busybox:nosuchtag"),
        CompatCase.Of("pull 'Bad:Name'"),
        CompatCase.Of("pull"),

        // images
        CompatCase.Of("images"),
        CompatCase.Of("images -q"),
        CompatCase.Of("images -a"),
        CompatCase.Of("images --digests"),
        CompatCase.Of("images --no-trunc"),
        CompatCase.Of("images {REG}/compat/busybox"),
        CompatCase.Of("images {REG}/compat/busybox:nosuchtag"),
        CompatCase.Of("image ls -q"),
        CompatCase.Of("images --format '{{.Repository}}:{{.Tag}} {{.ID}}'"),
        CompatCase.Of("images --format 'table {{.Repository}}\t{{.Tag}}'"),
        CompatCase.Of("images --format json"),
        CompatCase.Of("images --format '{{.Nope}}'"),
        CompatCase.Of("images --format '{{.Repository'"),
        CompatCase.Named("images after tag", "images --format '{{.Repository}}:{{.Tag}}'").Given("tag {IMG} compat/extra:1"),
        CompatCase.Of("images -f dangling=true -q"),
        CompatCase.Of("images --filter reference='*/compat/*' --format '{{.Repository}}'"),

        // tag and rmi
        CompatCase.Of("tag {IMG} compat/extra:1"),
        CompatCase.Of("tag {IMG} 'Bad:Name'"),
        CompatCase.Of("tag compat/nothere:1 compat/extra:1"),
        CompatCase.Of("rmi compat/extra:1").Given("tag {IMG} compat/extra:1"),
        CompatCase.Of("rmi compat/nothere"),
        CompatCase.Named("rmi of an image a stopped container uses", "rmi compat/extra:1").Given("tag {IMG} compat/extra:1", "tag {IMG} compat/extra:2", "create --name {C} compat/extra:1"),
        CompatCase.Named("rmi -f of an image a stopped container uses", "rmi -f compat/extra:1").Given("tag {IMG} compat/extra:1", "create --name {C} compat/extra:1"),
        CompatCase.Of("image rm compat/extra:1 compat/nothere").Given("tag {IMG} compat/extra:1"),

        // image inspect
        CompatCase.Of("image inspect -f '{{.Id}}' {IMG}"),
        CompatCase.Of("image inspect -f '{{.RepoTags}} {{.RepoDigests}}' {IMG}"),
        CompatCase.Of("image inspect -f '{{.Config.Cmd}} {{.Config.Entrypoint}} {{.Config.Env}}' {IMG}"),
        CompatCase.Of("image inspect -f '{{.Os}}/{{.Architecture}} {{.Size}}' {IMG}"),
        CompatCase.Of("image inspect -f '{{.RootFS.Type}} {{len .RootFS.Layers}}' {IMG}"),
        CompatCase.Of("image inspect -f '{{json .RootFS}}' {IMG}"),
        CompatCase.Of("image inspect -f '{{.Config.WorkingDir}}|{{.Config.User}}|{{.Config.Labels}}' {IMG}"),
        CompatCase.Of("image inspect -f '{{.Nope}}' {IMG}"),
        CompatCase.Of("image inspect compat/nothere"),
        CompatCase.Of("image inspect -f '{{.Id}}' {IMG} compat/nothere"),
        CompatCase.Of("inspect --type image -f '{{.Id}}' {IMG}"),
    ];
}
