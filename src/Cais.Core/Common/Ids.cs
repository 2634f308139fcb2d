
namespace Cais.Common;

/// <summary>Container and exec identifiers: 64 random hex characters, as Docker makes them.</summary>
public static class Ids
{
    public static string NewId() => Convert.ToHexStringLower(SecureRandom.GetBytes(32));

    public static string Short(string id) => id.Length > 12 ? id[..12] : id;

    /// <summary>Docker's rule for container names: [a-zA-Z0-9][a-zA-Z0-9_.-]+</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length < 2 || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
