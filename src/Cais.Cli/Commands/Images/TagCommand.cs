using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands.Images;

public static class TagCommand
{
    public static CommandSpec Spec() => new("tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
    {
        Usage = "cais tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        MinArgs = 2,
        MaxArgs = 2,
        Handler = Handler.Of((context, _) =>
        {
            context.Images.Tag(context.Args.Positionals[0], context.Args.Positionals[1]);
            return Task.FromResult(0);
        }),
    };
}
