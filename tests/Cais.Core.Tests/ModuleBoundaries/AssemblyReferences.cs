using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Cais.Core.Tests.ModuleBoundaries;

/// <summary>
/// Every type reference an assembly's types make, read from its metadata: base types and interfaces, generic
/// constraints, attributes (and the types their arguments name), field, property, event, parameter and return types,
/// and in method bodies the locals, catch types and every token the IL uses (types, methods and fields with their
/// signatures and generic arguments). Nested types (closures, async state machines, lambdas inside them, at any depth)
/// are read like any other type and named after their outermost type.
/// </summary>
internal static class AssemblyReferences
{
    public static IReadOnlyList<TypeReference> Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var provider = new TypeNameProvider(reader);
        var found = new HashSet<TypeReference>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var from = TypeNameProvider.NameOf(reader, handle);
            foreach (var to in Of(reader, pe, provider, handle))
            {
                if (to != from)
                {
                    found.Add(new TypeReference(from, to));
                }
            }
        }

        return [.. found];
    }

    private static IEnumerable<string> Of(MetadataReader reader, PEReader pe, TypeNameProvider provider, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var names = new List<string>();
        if (!type.BaseType.IsNil)
        {
            names.AddRange(OfType(reader, provider, type.BaseType));
        }

        foreach (var i in type.GetInterfaceImplementations())
        {
            var implementation = reader.GetInterfaceImplementation(i);
            names.AddRange(OfType(reader, provider, implementation.Interface));
            names.AddRange(OfAttributes(reader, provider, implementation.GetCustomAttributes()));
        }

        names.AddRange(OfAttributes(reader, provider, type.GetCustomAttributes()));
        names.AddRange(OfGenericParameters(reader, provider, type.GetGenericParameters()));
        foreach (var f in type.GetFields())
        {
            var field = reader.GetFieldDefinition(f);
            names.AddRange(field.DecodeSignature(provider, null));
            names.AddRange(OfAttributes(reader, provider, field.GetCustomAttributes()));
        }

        foreach (var p in type.GetProperties())
        {
            var property = reader.GetPropertyDefinition(p);
            var signature = property.DecodeSignature(provider, null);
            names.AddRange(signature.ReturnType);
            names.AddRange(signature.ParameterTypes.SelectMany(t => t));
            names.AddRange(OfAttributes(reader, provider, property.GetCustomAttributes()));
        }

        foreach (var e in type.GetEvents())
        {
            var @event = reader.GetEventDefinition(e);
            names.AddRange(OfType(reader, provider, @event.Type));
            names.AddRange(OfAttributes(reader, provider, @event.GetCustomAttributes()));
        }

        foreach (var m in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(m);
            var signature = method.DecodeSignature(provider, null);
            names.AddRange(signature.ReturnType);
            names.AddRange(signature.ParameterTypes.SelectMany(t => t));
            names.AddRange(OfAttributes(reader, provider, method.GetCustomAttributes()));
            names.AddRange(OfGenericParameters(reader, provider, method.GetGenericParameters()));
            foreach (var p in method.GetParameters())
            {
                names.AddRange(OfAttributes(reader, provider, reader.GetParameter(p).GetCustomAttributes()));
            }

            if (method.RelativeVirtualAddress != 0)
            {
                names.AddRange(OfBody(reader, provider, pe.GetMethodBody(method.RelativeVirtualAddress)));
            }
        }

        return names;
    }

    private static IEnumerable<string> OfBody(MetadataReader reader, TypeNameProvider provider, MethodBodyBlock body)
    {
        if (!body.LocalSignature.IsNil)
        {
            foreach (var local in reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null))
            {
                foreach (var name in local)
                {
                    yield return name;
                }
            }
        }

        foreach (var region in body.ExceptionRegions)
        {
            if (!region.CatchType.IsNil)
            {
                foreach (var name in OfType(reader, provider, region.CatchType))
                {
                    yield return name;
                }
            }
        }

        foreach (var token in IlTokens.Of(body.GetILBytes() ?? []))
        {
            foreach (var name in OfMember(reader, provider, MetadataTokens.EntityHandle(token)))
            {
                yield return name;
            }
        }
    }

    /// <summary>The types a token names: a type, or a member's declaring type and its signature, with generic arguments.</summary>
    private static ImmutableArray<string> OfMember(MetadataReader reader, TypeNameProvider provider, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification:
                return OfType(reader, provider, handle);
            case HandleKind.MethodDefinition:
                var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                var methodSignature = method.DecodeSignature(provider, null);
                return [TypeNameProvider.NameOf(reader, method.GetDeclaringType()), .. methodSignature.ReturnType, .. methodSignature.ParameterTypes.SelectMany(t => t)];
            case HandleKind.FieldDefinition:
                var field = reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                return [TypeNameProvider.NameOf(reader, field.GetDeclaringType()), .. field.DecodeSignature(provider, null)];
            case HandleKind.MethodSpecification:
                var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                return [.. OfMember(reader, provider, specification.Method), .. specification.DecodeSignature(provider, null).SelectMany(t => t)];
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    var referenced = member.DecodeMethodSignature(provider, null);
                    return [.. OfMember(reader, provider, member.Parent), .. referenced.ReturnType, .. referenced.ParameterTypes.SelectMany(t => t)];
                }

                return [.. OfMember(reader, provider, member.Parent), .. member.DecodeFieldSignature(provider, null)];
            default:
                return [];
        }
    }

    private static ImmutableArray<string> OfType(MetadataReader reader, TypeNameProvider provider, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => [TypeNameProvider.NameOf(reader, (TypeDefinitionHandle)handle)],
        HandleKind.TypeReference => [TypeNameProvider.NameOf(reader, (TypeReferenceHandle)handle)],
        HandleKind.TypeSpecification => reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(provider, null),
        _ => [],
    };

    private static IEnumerable<string> OfGenericParameters(MetadataReader reader, TypeNameProvider provider, GenericParameterHandleCollection parameters)
    {
        foreach (var p in parameters)
        {
            var parameter = reader.GetGenericParameter(p);
            foreach (var c in parameter.GetConstraints())
            {
                foreach (var name in OfType(reader, provider, reader.GetGenericParameterConstraint(c).Type))
                {
                    yield return name;
                }
            }

            foreach (var name in OfAttributes(reader, provider, parameter.GetCustomAttributes()))
            {
                yield return name;
            }
        }
    }

    /// <summary>An attribute's type and the types its arguments name (<c>[JsonSerializable(typeof(X))]</c>).</summary>
    private static IEnumerable<string> OfAttributes(MetadataReader reader, TypeNameProvider provider, CustomAttributeHandleCollection attributes)
    {
        var names = new List<string>();
        foreach (var a in attributes)
        {
            var attribute = reader.GetCustomAttribute(a);
            names.AddRange(OfMember(reader, provider, attribute.Constructor));
            CustomAttributeValue<ImmutableArray<string>> value;
            try
            {
                value = attribute.DecodeValue(provider);
            }
            catch (BadImageFormatException)
            {
                // An argument of an enum type from another assembly that is not int-based: its type is still counted above.
                continue;
            }

            foreach (var argument in value.FixedArguments.Concat(value.NamedArguments.Select(n => new CustomAttributeTypedArgument<ImmutableArray<string>>(n.Type, n.Value))))
            {
                names.AddRange(argument.Type);
                names.AddRange(argument.Value switch
                {
                    ImmutableArray<string> named => named,
                    IEnumerable<CustomAttributeTypedArgument<ImmutableArray<string>>> elements =>
                        elements.SelectMany(e => e.Value is ImmutableArray<string> element ? [.. e.Type, .. element] : e.Type),
                    _ => [],
                });
            }
        }

        return names;
    }
}
