using System.Security.Cryptography;
using System.Text;

namespace Cais.TestSupport;

/// <summary>Unique lower-case names usable as registry repositories, container and image names.</summary>
public static class TestNames
{
    /// <summary>
    /// "cais-&lt;test&gt;-&lt;8 hex&gt;": only [a-z0-9-], no doubled or trailing separators, so it is valid as a
    /// repository path component, a container name and a hostname label (at most 63 characters).
    /// </summary>
    public static string For(string test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var sb = new StringBuilder("cais-");
        var lastDash = true;
        foreach (var c in test.ToLowerInvariant())
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                sb.Append(c);
                lastDash = false;
            }
            else if (!lastDash)
            {
                sb.Append('-');
                lastDash = true;
            }

            if (sb.Length >= 45)
            {
                break;
            }
        }

        if (!lastDash)
        {
            sb.Append('-');
        }

        sb.Append(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        return sb.ToString();
    }
}
