namespace Cais.Containers;

/// <summary>What <c>cais exec</c> asks for.</summary>
public sealed record ExecOptions
{
    public required IReadOnlyList<string> Cmd { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public bool Tty { get; init; }

    public bool Interactive { get; init; }

    public bool Detach { get; init; }

    public bool Privileged { get; init; }
}
