namespace Cais.Containers.Spec;

/// <summary>One valid line of an image's /etc/passwd.</summary>
internal sealed record PasswdEntry(string Name, uint Uid, uint Gid);
