namespace Cais.Cli.CommandLine;

/// <summary>How an option consumes and stores its value.</summary>
public enum OptionKind
{
    /// <summary>A switch: present means true; only <c>--x=false</c> form takes a value.</summary>
    Bool,

    /// <summary>A single string; the last occurrence wins.</summary>
    String,

    /// <summary>A string that may be repeated; every occurrence is kept in order.</summary>
    List,

    /// <summary>A 64-bit integer (Go's <c>int</c> on amd64), last occurrence wins.</summary>
    Int,
}
