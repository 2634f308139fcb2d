using System.Reflection;
using Cais.Hosting;
using Microsoft.Extensions.Logging;

namespace Cais.Core.Tests.Logging;

/// <summary>
/// Every module logs through one Log class in its own namespace, with event ids inside the block docs/CONVENTIONS.md
/// reserves for it, and no id used twice: an id then names one event wherever the line ends up.
/// </summary>
public sealed class LogEventIdTests
{
    private static readonly Dictionary<string, (int First, int Last)> s_ranges = new()
    {
        ["Cais.Images"] = (1000, 1099),
        ["Cais.Distribution"] = (1100, 1199),
        ["Cais.Containers"] = (1200, 1299),
        ["Cais.Runtime"] = (1300, 1399),
        ["Cais.Network"] = (1400, 1499),
    };

    [Fact]
    public void Each_module_logs_inside_its_reserved_range_and_ids_are_unique()
    {
        var events = typeof(Engine).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Select(method => (Type: type, Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>())))
            .Where(e => e.Attribute is not null)
            .ToList();

        Assert.NotEmpty(events);
        foreach (var (type, method, attribute) in events)
        {
            Assert.True(type.Name == "Log", $"{type.FullName}.{method.Name}: log events belong in the module's Log class");
            Assert.True(s_ranges.TryGetValue(type.Namespace!, out var range), $"{type.FullName}: no event id range reserved for {type.Namespace}");
            Assert.InRange(attribute!.EventId, range.First, range.Last);
        }

        var duplicates = events.GroupBy(e => e.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"event ids used twice: {string.Join(", ", duplicates)}");
    }
}
