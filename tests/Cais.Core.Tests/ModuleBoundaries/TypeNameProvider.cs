using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Cais.Core.Tests.ModuleBoundaries;

/// <summary>
/// Decodes a signature (of a field, method, property, local, type specification or attribute) into the full names of
/// every type it names, generic arguments, array elements and modifiers included. Nested types are named
/// "Namespace.Outer+Inner", so the namespace is always the outermost type's.
/// </summary>
internal sealed class TypeNameProvider(MetadataReader reader) : ISignatureTypeProvider<ImmutableArray<string>, object?>, ICustomAttributeTypeProvider<ImmutableArray<string>>
{
    public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

    public ImmutableArray<string> GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => [NameOf(metadata, handle)];

    public ImmutableArray<string> GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => [NameOf(metadata, handle)];

    public ImmutableArray<string> GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;

    public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;

    public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;

    public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;

    public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;

    public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
        [.. genericType, .. typeArguments.SelectMany(a => a)];

    public ImmutableArray<string> GetGenericMethodParameter(object? genericContext, int index) => [];

    public ImmutableArray<string> GetGenericTypeParameter(object? genericContext, int index) => [];

    public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) =>
        [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];

    public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) =>
        [.. modifier, .. unmodifiedType];

    public ImmutableArray<string> GetSystemType() => ["System.Type"];

    public bool IsSystemType(ImmutableArray<string> type) => type is ["System.Type"];

    /// <summary>A <c>typeof(X)</c> argument of an attribute, stored as "Namespace.Outer+Inner, Assembly".</summary>
    public ImmutableArray<string> GetTypeFromSerializedName(string name) =>
        [.. name.Split([',', '[', ']'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => p.Contains('.', StringComparison.Ordinal) && !p.Contains('=', StringComparison.Ordinal))];

    /// <summary>Enums of this assembly are read; others (System's, in attribute arguments) are int-based.</summary>
    public PrimitiveTypeCode GetUnderlyingEnumType(ImmutableArray<string> type)
    {
        foreach (var handle in reader.TypeDefinitions)
        {
            if (type.Length > 0 && NameOf(reader, handle) == type[0])
            {
                foreach (var field in reader.GetTypeDefinition(handle).GetFields())
                {
                    var definition = reader.GetFieldDefinition(field);
                    if ((definition.Attributes & System.Reflection.FieldAttributes.Static) == 0)
                    {
                        var blob = reader.GetBlobReader(definition.Signature);
                        blob.ReadSignatureHeader();
                        return (PrimitiveTypeCode)blob.ReadCompressedInteger();
                    }
                }
            }
        }

        return PrimitiveTypeCode.Int32;
    }

    public static string NameOf(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil
            ? Join(metadata.GetString(type.Namespace), metadata.GetString(type.Name))
            : NameOf(metadata, declaring) + "+" + metadata.GetString(type.Name);
    }

    public static string NameOf(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var type = metadata.GetTypeReference(handle);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? NameOf(metadata, (TypeReferenceHandle)type.ResolutionScope) + "+" + metadata.GetString(type.Name)
            : Join(metadata.GetString(type.Namespace), metadata.GetString(type.Name));
    }

    /// <summary>The namespace of a name made by this provider (the outermost type's).</summary>
    public static string NamespaceOf(string fullName)
    {
        var outer = fullName.Split('+')[0];
        var dot = outer.LastIndexOf('.');
        return dot < 0 ? "" : outer[..dot];
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
}
