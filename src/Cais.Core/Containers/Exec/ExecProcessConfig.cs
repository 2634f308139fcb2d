namespace Cais.Containers.Exec;

/// <summary>Docker's ProcessConfig of an exec inspect: what runs, as what user.</summary>
public sealed record ExecProcessConfig(bool Tty, string Entrypoint, IReadOnlyList<string> Arguments, bool Privileged, string User);
