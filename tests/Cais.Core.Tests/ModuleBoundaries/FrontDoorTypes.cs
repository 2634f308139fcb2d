using System.Reflection;
using Cais.Hosting;

namespace Cais.Core.Tests.ModuleBoundaries;

/// <summary>
/// What a front door may name of the engine: the service interfaces and, recursively, the plain data types their
/// members take and return (the public properties and fields of those types included), computed from the interfaces
/// themselves so that a new method's types are allowed with it and nothing else is.
/// </summary>
internal static class FrontDoorTypes
{
    public static IReadOnlySet<string> From(params Type[] roots)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            foreach (var named in Unwrap(type))
            {
                if (named.Namespace?.StartsWith("Cais.", StringComparison.Ordinal) == true && found.Add(named.FullName!))
                {
                    foreach (var member in MemberTypes(named))
                    {
                        pending.Push(member);
                    }
                }
            }
        }

        return found;
    }

    private static IEnumerable<Type> MemberTypes(Type type)
    {
        const BindingFlags publicInstance = BindingFlags.Public | BindingFlags.Instance;
        foreach (var property in type.GetProperties(publicInstance))
        {
            yield return property.PropertyType;
        }

        foreach (var field in type.GetFields(publicInstance))
        {
            yield return field.FieldType;
        }

        if (!type.IsInterface)
        {
            yield break;
        }

        foreach (var method in type.GetMethods(publicInstance))
        {
            yield return method.ReturnType;
            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }
        }

        foreach (var inherited in type.GetInterfaces())
        {
            yield return inherited;
        }
    }

    /// <summary>A type and every type it is made of: generic arguments, array elements, by-ref targets.</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var element in Unwrap(type.GetElementType()!))
            {
                yield return element;
            }

            yield break;
        }

        if (type.IsGenericParameter)
        {
            yield break;
        }

        if (type.IsConstructedGenericType)
        {
            yield return type.GetGenericTypeDefinition();
            foreach (var argument in type.GenericTypeArguments.SelectMany(Unwrap))
            {
                yield return argument;
            }

            yield break;
        }

        yield return type;
    }

    /// <summary>The engine's front-door surface as the CLI sees it.</summary>
    public static IReadOnlySet<string> OfEngine() => From(typeof(IEngineServices), typeof(EngineOptions));
}
