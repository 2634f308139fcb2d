using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Cais.Core.Tests.ModuleBoundaries;

/// <summary>
/// Keeps the module boundaries of Cais.Core real: every type reference from one module (namespace Cais.X) to another
/// must be an edge of the table below (the architecture reference's dependency rules, plus Hosting, the composition
/// root, which may use everything).
/// </summary>
public sealed class ModuleDependencyTests
{
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["Common"] = [],
        ["Oci"] = ["Common"],
        ["Linux"] = ["Common"],
        ["Events"] = ["Common", "Linux"],
        ["Content"] = ["Common", "Oci", "Linux"],
        ["Snapshots"] = ["Common", "Linux"],
        ["Archive"] = ["Common", "Oci", "Linux"],
        ["Distribution"] = ["Common", "Oci", "Content"],
        ["Metadata"] = ["Common", "Oci", "Content", "Snapshots"],
        ["Images"] = ["Common", "Oci", "Content", "Metadata", "Snapshots", "Archive", "Distribution", "Linux", "Events"],
        ["Runtime"] = ["Common", "Oci", "Linux"],
        ["Containers"] = ["Common", "Oci", "Metadata", "Images", "Snapshots", "Runtime", "Linux", "Network", "Events"],
        ["Network"] = ["Common", "Linux", "Metadata", "Oci", "Events"],
        ["Hosting"] = ["Common", "Oci", "Linux", "Content", "Snapshots", "Archive", "Distribution", "Metadata", "Images", "Runtime", "Containers", "Network", "Events"],
    };

    [Fact]
    public void Core_modules_only_reference_modules_they_may_depend_on()
    {
        var path = typeof(Cais.Common.Digest).Assembly.Location;
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var violations = new SortedSet<string>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            var from = ModuleOf(reader.GetString(type.Namespace), type, reader);
            if (from is null)
            {
                continue;
            }

            foreach (var to in ReferencedModules(reader, type, pe))
            {
                if (to != from && !s_allowed[from].Contains(to))
                {
                    violations.Add($"{from} -> {to} (in {reader.GetString(type.Name)})");
                }
            }
        }

        Assert.True(violations.Count == 0, "module boundary violations:\n" + string.Join('\n', violations));
    }

    private static string? ModuleOf(string ns, TypeDefinition type, MetadataReader reader)
    {
        if (ns.Length == 0 && type.GetDeclaringType() is { IsNil: false } declaring)
        {
            ns = reader.GetString(reader.GetTypeDefinition(declaring).Namespace);
        }

        var parts = ns.Split('.');
        return parts.Length >= 2 && parts[0] == "Cais" && s_allowed.ContainsKey(parts[1]) ? parts[1] : null;
    }

    /// <summary>Modules named by this type's signatures and by the tokens its method bodies use.</summary>
    private static IEnumerable<string> ReferencedModules(MetadataReader reader, TypeDefinition type, PEReader pe)
    {
        foreach (var m in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(m);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes() ?? [];
            foreach (var token in IlTokens(il))
            {
                if (DeclaringModule(reader, MetadataTokens.EntityHandle(token)) is { } module)
                {
                    yield return module;
                }
            }
        }
    }

    private static string? DeclaringModule(MetadataReader reader, EntityHandle handle)
    {
        TypeDefinitionHandle owner;
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                owner = (TypeDefinitionHandle)handle;
                break;
            case HandleKind.MethodDefinition:
                owner = reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType();
                break;
            case HandleKind.FieldDefinition:
                owner = reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType();
                break;
            case HandleKind.MethodSpecification:
                return DeclaringModule(reader, reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            case HandleKind.MemberReference:
                var parent = reader.GetMemberReference((MemberReferenceHandle)handle).Parent;
                return parent.Kind == HandleKind.TypeDefinition ? DeclaringModule(reader, parent) : null;
            default:
                return null;
        }

        var type = reader.GetTypeDefinition(owner);
        return ModuleOf(reader.GetString(type.Namespace), type, reader);
    }

    /// <summary>Walks IL opcode by opcode and yields every metadata token operand.</summary>
    private static IEnumerable<int> IlTokens(byte[] il)
    {
        var i = 0;
        while (i < il.Length)
        {
            var op = il[i++];
            if (op == 0xFE)
            {
                var op2 = il[i++];
                switch (op2)
                {
                    case 0x06 or 0x07 or 0x15 or 0x16 or 0x1C:
                        yield return BitConverter.ToInt32(il, i);
                        i += 4;
                        break;
                    case >= 0x09 and <= 0x0E:
                        i += 2;
                        break;
                    case 0x12 or 0x19:
                        i += 1;
                        break;
                }

                continue;
            }

            switch (op)
            {
                case >= 0x0E and <= 0x13 or 0x1F or >= 0x2B and <= 0x37 or 0xDE:
                    i += 1;
                    break;
                case 0x20 or 0x22 or >= 0x38 and <= 0x44 or 0xDD:
                    i += 4;
                    break;
                case 0x21 or 0x23:
                    i += 8;
                    break;
                case 0x45:
                    var count = BitConverter.ToInt32(il, i);
                    i += 4 + (4 * count);
                    break;
                case 0x27 or 0x28 or 0x29 or 0x6F or 0x70 or 0x71 or 0x72 or 0x73 or 0x74 or 0x75 or 0x79
                    or >= 0x7B and <= 0x81 or 0x8C or 0x8D or 0x8F or 0xA3 or 0xA4 or 0xA5 or 0xC2 or 0xC6 or 0xD0:
                    var token = BitConverter.ToInt32(il, i);
                    i += 4;
                    // ldstr (0x72) and calli (0x29) carry string and signature tokens, not members.
                    if (op is not (0x72 or 0x29))
                    {
                        yield return token;
                    }

                    break;
            }
        }
    }
}
