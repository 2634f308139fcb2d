using Cais.Integration.Tests.Images;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Runtime;

/// <summary>
/// A state directory that cannot be used (a regular file where --root or --runroot points, or a path under one) is the
/// user's mistake: every command says so in one line with its Docker exit code, instead of crashing.
/// </summary>
public sealed class StateRootTests
{
    public static TheoryData<string, string[], int> Commands => new()
    {
        { "root", ["images"], 1 },
        { "root", ["ps", "-a"], 1 },
        { "root", ["run", "--rm", "busybox", "true"], 125 },
        { "root", ["network", "ls"], 1 },
        { "runroot", ["ps"], 1 },
        { "runroot", ["create", "busybox"], 125 },
        { "root-parent", ["images"], 1 },
        { "runroot-parent", ["pull", "127.0.0.1:1/none"], 1 },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task State_directory_that_is_a_file_fails_with_one_line(string which, string[] command, int exitCode)
    {
        await using var cli = new CaisCli();
        var blocked = which.StartsWith("root", StringComparison.Ordinal) && !which.StartsWith("runroot", StringComparison.Ordinal) ? cli.Root : cli.RunRoot;
        var file = which.EndsWith("-parent", StringComparison.Ordinal) ? Path.GetDirectoryName(blocked)! + "/plain-file" : blocked;
        await File.WriteAllTextAsync(file, "not a directory\n");
        var args = which.EndsWith("-parent", StringComparison.Ordinal)
            ? [which.StartsWith("runroot", StringComparison.Ordinal) ? "--runroot" : "--root", file + "/state", .. command]
            : command;
        try
        {
            var result = await cli.RunAsync(args);
            MalformedRegistryTests.AssertOneLineError(result, exitCode, exitCode == 125 ? "cais: " : "Error");
            Assert.Contains(file, result.Stderr, StringComparison.Ordinal);
            Assert.Equal("not a directory\n", await File.ReadAllTextAsync(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
