namespace Cais.Containers.Spec;

/// <summary>An extra /etc/hosts line (`--add-host name:address`).</summary>
public sealed record HostsEntry(string Address, string Names);
