namespace Cais.TestSupport;

/// <summary>Readable permission literals: <c>Perm.Octal(1777)</c> means octal 01777.</summary>
public static class Perm
{
    /// <summary>Reads the decimal digits of <paramref name="digits"/> as octal digits (C# has no octal literals).</summary>
    public static UnixFileMode Octal(int digits)
    {
        var text = digits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '7')
            {
                throw new ArgumentOutOfRangeException(nameof(digits), digits, "not an octal mode");
            }

            value = (value * 8) + (c - '0');
        }

        return (UnixFileMode)value;
    }
}
