namespace Cais.Cli.Completion;

/// <summary>How the shell should treat the candidates (the same bits cobra's scripts read, so the protocol is familiar).</summary>
[Flags]
public enum CompletionDirective
{
    /// <summary>Offer the candidates; with none, the shell completes file names.</summary>
    Default = 0,

    /// <summary>Something went wrong: offer nothing.</summary>
    Error = 1,

    /// <summary>Do not add a space after the completed word (a flag that ends in '=').</summary>
    NoSpace = 2,

    /// <summary>Never fall back to file names.</summary>
    NoFileComp = 4,
}
