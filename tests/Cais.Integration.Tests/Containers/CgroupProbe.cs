using System.Globalization;

namespace Cais.Integration.Tests.Containers;

/// <summary>A container's cgroups (/cais/ID in every hierarchy) and the processes in them, as the kernel sees them.</summary>
internal static class CgroupProbe
{
    public static List<string> Of(string id) =>
        [.. new[] { "/sys/fs/cgroup" }.Concat(Directory.GetDirectories("/sys/fs/cgroup")).Select(h => Path.Combine(h, "cais", id)).Where(Directory.Exists)];

    public static List<int> Processes(string id) =>
        Of(id).Select(d => Path.Combine(d, "cgroup.procs")).Where(File.Exists)
            .SelectMany(File.ReadAllLines).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).Distinct().ToList();
}
