using System.Reflection;
using Cais.Metadata;

namespace Cais.Core.Tests.ModuleBoundaries;

/// <summary>
/// The network module may use the metadata store (its own network records) but not the containers' records: the
/// container module feeds it what it needs (DNS records, published ports) through the network module's interfaces.
/// The module table cannot say this (both live in Metadata), so this checks the signatures of every Network type,
/// compiler-generated closures and async state machines included: fields, properties, parameters and return types,
/// generic arguments at any depth. A type named only inside a method body (a cast) is not seen here.
/// </summary>
public sealed class NetworkContainerRecordsTests
{
    private static readonly Type[] s_containerRecords =
    [
        typeof(ContainerRepository), typeof(ContainerRecord), typeof(ContainerSettings), typeof(ContainerStateRecord),
        typeof(ContainerStatus), typeof(NetworkEndpointRecord), typeof(PublishedPort), typeof(NetworkRequest),
    ];

    [Fact]
    public void Network_types_name_no_container_record_in_their_signatures()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var violations = new SortedSet<string>();
        foreach (var type in typeof(Cais.Network.NetworkService).Assembly.GetTypes().Where(t => t.Namespace?.StartsWith("Cais.Network", StringComparison.Ordinal) == true))
        {
            var named = type.GetFields(all).Select(f => f.FieldType)
                .Concat(type.GetProperties(all).Select(p => p.PropertyType))
                .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Concat(type.GetConstructors(all).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)));
            foreach (var used in named.SelectMany(Flatten).Where(s_containerRecords.Contains))
            {
                violations.Add($"{type.FullName} -> {used.Name}");
            }
        }

        Assert.True(violations.Count == 0, "the network module reads container records:\n" + string.Join('\n', violations));
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            return Flatten(type.GetElementType()!);
        }

        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Flatten).Prepend(type) : [type];
    }
}
