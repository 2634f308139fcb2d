namespace Cais.Containers.Spec;

/// <summary>The numeric identity the container process runs as.</summary>
public sealed record ResolvedUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids);
