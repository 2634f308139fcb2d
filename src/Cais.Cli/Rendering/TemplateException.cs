namespace Cais.Cli.Rendering;

/// <summary>A --format template failed to parse or execute; the message is what docker prints.</summary>
public sealed class TemplateException : Exception
{
    /// <summary>Docker exits with 64 (EX_USAGE) when a --format template does not parse.</summary>
    public const int ParseErrorExitCode = 64;

    public TemplateException()
    {
    }

    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool IsParseError { get; init; }
}
