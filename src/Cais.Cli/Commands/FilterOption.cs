using Cais.Api;
using Cais.Cli.CommandLine;
using Cais.Common;

namespace Cais.Cli.Commands;

/// <summary>The <c>--filter KEY=VALUE</c> options of a list command, as the filter set the engine reads.</summary>
public static class FilterOption
{
    public static FilterArgs Read(ParsedCommand args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return FilterArgs.FromPairs(args.GetList("filter").Select(FilterSyntax.Split));
    }
}
