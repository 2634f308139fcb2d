using Cais.Common;
using Cais.Runtime;

namespace Cais.Core.Tests.Runtime;

public sealed class RuncErrorsTests
{
    [Theory]
    [InlineData("runc create failed: unable to start container process: exec: \"nosuch\": executable file not found in $PATH", 127)]
    [InlineData("runc create failed: unable to start container process: exec: \"/nosuch/x\": stat /nosuch/x: no such file or directory", 127)]
    [InlineData("runc create failed: unable to start container process: exec: \"/bin/\": permission denied", 126)]
    [InlineData("exec failed: unable to start container process: exec /x: exec format error", 126)]
    [InlineData("runc create failed: unable to start container process: error during container init: error mounting \"/src\" to rootfs at \"/dst\": stat /src: no such file or directory", null)]
    [InlineData("container \"abc\" does not exist", null)]
    public void Command_exit_code_follows_docker(string message, int? expected) =>
        Assert.Equal(expected, RuncErrors.CommandExitCode(message));

    [Fact]
    public void Not_found_command_carries_127_for_the_cli()
    {
        var error = RuncErrors.ToException("exec: \"x\": executable file not found in $PATH");
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal(127, CommandLaunchException.ExitCodeOf(error));
    }

    [Fact]
    public void Missing_container_and_stopped_container_map_to_not_found_and_conflict()
    {
        var missing = RuncErrors.ToException("container \"abc\" does not exist");
        var stopped = RuncErrors.ToException("container not running");
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        Assert.Null(CommandLaunchException.ExitCodeOf(missing));
        Assert.Equal(ErrorKind.Conflict, stopped.Kind);
    }

    [Fact]
    public void Last_error_is_read_from_the_json_log()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path,
            [
                "{\"level\":\"warning\",\"msg\":\"just a warning\",\"time\":\"2024-01-01T00:00:00Z\"}",
                "not json",
                "{\"level\":\"error\",\"msg\":\"first\",\"time\":\"2024-01-01T00:00:00Z\"}",
                "{\"level\":\"error\",\"msg\":\"runc create failed: boom\",\"time\":\"2024-01-01T00:00:00Z\"}",
            ]);
            Assert.Equal("runc create failed: boom", RuncErrors.LastLoggedError(path));
            Assert.Null(RuncErrors.LastLoggedError(path + ".missing"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
