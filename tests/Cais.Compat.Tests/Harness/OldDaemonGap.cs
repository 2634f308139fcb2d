namespace Cais.Compat.Tests.Harness;

/// <summary>What Docker 28 prints against a current daemon, for a command dockerd 20.10 cannot serve.</summary>
public sealed record OldDaemonGap(string Why, CommandResult Expected);
