namespace Cais.Snapshots;

/// <summary>A layer being written: files go into <see cref="Directory"/> until it is committed or aborted.</summary>
public sealed record PreparedLayer(string ChainId, string? ParentChainId, string Directory, string WorkDir);
