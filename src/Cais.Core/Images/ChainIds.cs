using System.Text;
using Cais.Common;

namespace Cais.Images;

/// <summary>
/// Chain IDs name a layer together with everything below it (OCI image spec, "ChainID"): the same diff on a
/// different parent is a different snapshot, and the same stack shared by two images is stored once.
/// </summary>
public static class ChainIds
{
    public static IReadOnlyList<string> Compute(IReadOnlyList<string> diffIds)
    {
        var chain = new List<string>(diffIds.Count);
        foreach (var diffId in diffIds)
        {
            chain.Add(chain.Count == 0 ? diffId : Digest.Compute(Encoding.ASCII.GetBytes(chain[^1] + " " + diffId)).ToString());
        }

        return chain;
    }
}
