namespace Cais.Core.Tests.ModuleBoundaries;

/// <summary>Walks IL opcode by opcode and yields every metadata token operand that names a type, method or field.</summary>
internal static class IlTokens
{
    public static IEnumerable<int> Of(byte[] il)
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
