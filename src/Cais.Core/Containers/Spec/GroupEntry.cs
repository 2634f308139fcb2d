namespace Cais.Containers.Spec;

/// <summary>One valid line of an image's /etc/group.</summary>
internal sealed record GroupEntry(string Name, uint Gid, IReadOnlyList<string> Members);
