using Cais.Api;
using Cais.Cli.CommandLine;
using Cais.Common;

namespace Cais.Cli.Commands;

/// <summary>The <c>--filter KEY=VALUE</c> options of a list command, as the filter set the engine reads.</summary>
public static class FilterOption
{
    /// <summary>
    /// The option, typed "filter" in help as the docker CLI types it; a value without '=' is refused while the flags are
    /// parsed, as the docker CLI refuses it (a usage error, exit 125), not by the engine.
    /// </summary>
    public static OptionSpec Spec(char? shortName, string description) =>
        OptionSpec.Strings("filter", shortName, description) with { ValueName = "filter", Check = CheckSyntax };

    public static FilterArgs Read(ParsedCommand args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return FilterArgs.FromPairs(args.GetList("filter").Select(FilterSyntax.Split));
    }

    private static string? CheckSyntax(string value)
    {
        try
        {
            _ = FilterSyntax.Split(value);
            return null;
        }
        catch (EngineException e)
        {
            return e.Message;
        }
    }
}
