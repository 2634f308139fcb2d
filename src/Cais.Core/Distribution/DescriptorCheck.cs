using Cais.Common;
using Cais.Oci.Image;

namespace Cais.Distribution;

/// <summary>
/// Checks a descriptor read from a registry before anything acts on it: JSON null, a missing or malformed digest
/// and a negative size would otherwise surface later as a crash (a null dereference, a negative buffer length)
/// instead of a refusal naming the document.
/// </summary>
public static class DescriptorCheck
{
    public static void Validate(Descriptor? descriptor, string what)
    {
        if (descriptor is null)
        {
            throw EngineException.Invalid($"invalid {what}: null descriptor");
        }

        if (!Digest.TryParse(descriptor.Digest, out _))
        {
            throw EngineException.Invalid($"invalid {what}: digest \"{descriptor.Digest}\" is not sha256:<64 hex characters>");
        }

        if (descriptor.Size < 0)
        {
            throw EngineException.Invalid($"invalid {what} {descriptor.Digest}: negative size {descriptor.Size}");
        }
    }
}
