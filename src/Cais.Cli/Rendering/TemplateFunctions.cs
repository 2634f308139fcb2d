using System.Globalization;
using System.Text;

namespace Cais.Cli.Rendering;

/// <summary>Go's builtin template functions plus docker's additions (json, join, split, title, lower, upper, pad, truncate).</summary>
internal static class TemplateFunctions
{
    private static readonly Dictionary<string, Func<IReadOnlyList<TemplateValue>, TemplateValue>> Functions = new(StringComparer.Ordinal)
    {
        ["json"] = args => Arity("json", args, 1) ? TemplateValue.FromString(args[0].ToJson()) : TemplateValue.Null,
        ["join"] = args => Arity("join", args, 2) ? TemplateValue.FromString(string.Join(Str(args[1]), Strings(args[0]))) : TemplateValue.Null,
        ["split"] = args => Arity("split", args, 2) ? TemplateValue.FromStrings(Split(Str(args[0]), Str(args[1]))) : TemplateValue.Null,
        ["lower"] = args => Arity("lower", args, 1) ? TemplateValue.FromString(Str(args[0]).ToLowerInvariant()) : TemplateValue.Null,
        ["upper"] = args => Arity("upper", args, 1) ? TemplateValue.FromString(Str(args[0]).ToUpperInvariant()) : TemplateValue.Null,
        ["title"] = args => Arity("title", args, 1) ? TemplateValue.FromString(Title(Str(args[0]))) : TemplateValue.Null,
        ["pad"] = args => Arity("pad", args, 3)
            ? TemplateValue.FromString(new string(' ', (int)Int(args[1])) + Str(args[0]) + new string(' ', (int)Int(args[2])))
            : TemplateValue.Null,
        ["truncate"] = args => Arity("truncate", args, 2) ? TemplateValue.FromString(Truncate(Str(args[0]), (int)Int(args[1]))) : TemplateValue.Null,
        ["len"] = args => Arity("len", args, 1) ? TemplateValue.FromNumber(Length(args[0])) : TemplateValue.Null,
        ["index"] = Index,
        ["print"] = args => TemplateValue.FromString(Sprint(args)),
        ["println"] = args => TemplateValue.FromString(string.Join(' ', args.Select(a => a.ToString())) + "\n"),
        ["printf"] = args => args.Count < 1 ? throw WrongArgs("printf", 1, 0) : TemplateValue.FromString(Printf(Str(args[0]), args.Skip(1).ToList())),
        ["not"] = args => Arity("not", args, 1) ? TemplateValue.FromBool(!args[0].IsTruthy) : TemplateValue.Null,
        ["and"] = args => args.FirstOrDefault(a => !a.IsTruthy) ?? args[^1],
        ["or"] = args => args.FirstOrDefault(a => a.IsTruthy) ?? args[^1],
        ["eq"] = args => TemplateValue.FromBool(args.Skip(1).Any(a => Compare(args[0], a, "eq") == 0)),
        ["ne"] = args => Arity("ne", args, 2) ? TemplateValue.FromBool(Compare(args[0], args[1], "ne") != 0) : TemplateValue.Null,
        ["lt"] = args => Arity("lt", args, 2) ? TemplateValue.FromBool(Compare(args[0], args[1], "lt") < 0) : TemplateValue.Null,
        ["le"] = args => Arity("le", args, 2) ? TemplateValue.FromBool(Compare(args[0], args[1], "le") <= 0) : TemplateValue.Null,
        ["gt"] = args => Arity("gt", args, 2) ? TemplateValue.FromBool(Compare(args[0], args[1], "gt") > 0) : TemplateValue.Null,
        ["ge"] = args => Arity("ge", args, 2) ? TemplateValue.FromBool(Compare(args[0], args[1], "ge") >= 0) : TemplateValue.Null,
    };

    public static bool IsDefined(string name) => Functions.ContainsKey(name);

    public static TemplateValue Call(string name, IReadOnlyList<TemplateValue> args) => Functions[name](args);

    private static bool Arity(string name, IReadOnlyList<TemplateValue> args, int want) =>
        args.Count == want ? true : throw WrongArgs(name, want, args.Count);

    private static TemplateException WrongArgs(string name, int want, int got) =>
        new($"wrong number of args for {name}: want {want} got {got}");

    private static string Str(TemplateValue value) => value.Kind switch
    {
        TemplateValueKind.String or TemplateValueKind.Number or TemplateValueKind.Bool => value.Text,
        _ => value.ToString(),
    };

    private static long Int(TemplateValue value) =>
        long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new TemplateException($"expected integer; found {value}");

    private static IEnumerable<string> Strings(TemplateValue value) => value.Kind == TemplateValueKind.List
        ? value.Items.Select(Str)
        : throw new TemplateException($"wrong type for value; expected []string; got {KindName(value)}");

    private static string KindName(TemplateValue value) => value.Kind switch
    {
        TemplateValueKind.String => "string",
        TemplateValueKind.Number => "number",
        TemplateValueKind.Bool => "bool",
        TemplateValueKind.Map => "map[string]interface {}",
        TemplateValueKind.List => "[]interface {}",
        _ => "<nil>",
    };

    private static List<string> Split(string text, string separator)
    {
        if (separator.Length == 0)
        {
            // Go splits into UTF-8 sequences when the separator is empty.
            var runes = new List<string>();
            foreach (var rune in text.EnumerateRunes())
            {
                runes.Add(rune.ToString());
            }

            return runes;
        }

        return [.. text.Split(separator)];
    }

    private static string Title(string text)
    {
        var sb = new StringBuilder(text.Length);
        var previousIsLetter = false;
        foreach (var c in text)
        {
            sb.Append(previousIsLetter ? c : char.ToUpperInvariant(c));
            previousIsLetter = char.IsLetterOrDigit(c) || c == '_' || c == '\'';
        }

        return sb.ToString();
    }

    private static string Truncate(string text, int length)
    {
        var runes = text.EnumerateRunes().ToList();
        return runes.Count <= length ? text : string.Concat(runes.Take(length).Select(r => r.ToString()));
    }

    private static long Length(TemplateValue value) => value.Kind switch
    {
        TemplateValueKind.String => Encoding.UTF8.GetByteCount(value.Text),
        TemplateValueKind.List => value.Items.Count,
        TemplateValueKind.Map => value.Properties.Count,
        _ => throw new TemplateException($"error calling len: len of type {KindName(value)}"),
    };

    private static TemplateValue Index(IReadOnlyList<TemplateValue> args)
    {
        if (args.Count == 0)
        {
            throw WrongArgs("index", 1, 0);
        }

        var current = args[0];
        foreach (var key in args.Skip(1))
        {
            switch (current.Kind)
            {
                case TemplateValueKind.Map:
                    current = current.TryGetProperty(Str(key), out var found) ? found : current.ZeroElement;
                    break;
                case TemplateValueKind.List:
                    var i = Int(key);
                    if (i < 0 || i >= current.Items.Count)
                    {
                        throw new TemplateException($"error calling index: index out of range: {i}");
                    }

                    current = current.Items[(int)i];
                    break;
                case TemplateValueKind.Null or TemplateValueKind.NoValue:
                    throw new TemplateException("error calling index: index of untyped nil");
                default:
                    throw new TemplateException($"error calling index: can't index item of type {KindName(current)}");
            }
        }

        return current;
    }

    private static string Sprint(IReadOnlyList<TemplateValue> args)
    {
        // Go's Sprint adds spaces between operands when neither side is a string.
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i].Kind != TemplateValueKind.String && args[i - 1].Kind != TemplateValueKind.String)
            {
                sb.Append(' ');
            }

            sb.Append(args[i].ToString());
        }

        return sb.ToString();
    }

    private static string Printf(string format, IReadOnlyList<TemplateValue> args)
    {
        var sb = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                sb.Append(c);
                continue;
            }

            i++;
            var leftAlign = false;
            if (format[i] == '-')
            {
                leftAlign = true;
                i++;
            }

            var width = 0;
            while (i < format.Length && char.IsDigit(format[i]))
            {
                width = (width * 10) + (format[i] - '0');
                i++;
            }

            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            var verb = format[i];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }

            if (next >= args.Count)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }

            var arg = args[next++];
            var text = verb switch
            {
                's' or 'v' => arg.ToString(),
                'd' => arg.Kind == TemplateValueKind.Number ? arg.Text : $"%!d({KindName(arg)}={arg})",
                'q' => "\"" + arg.ToString().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
                't' => arg.Kind == TemplateValueKind.Bool ? arg.Text : $"%!t({KindName(arg)}={arg})",
                _ => $"%!{verb}({KindName(arg)}={arg})",
            };
            sb.Append(leftAlign ? text.PadRight(width) : text.PadLeft(width));
        }

        if (next < args.Count)
        {
            sb.Append("%!(EXTRA ").Append(string.Join(", ", args.Skip(next).Select(a => KindName(a) + "=" + a))).Append(')');
        }

        return sb.ToString();
    }

    private static int Compare(TemplateValue left, TemplateValue right, string name)
    {
        if (left.Kind == TemplateValueKind.Number && right.Kind == TemplateValueKind.Number)
        {
            var l = double.Parse(left.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
            var r = double.Parse(right.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
            return l.CompareTo(r);
        }

        if (left.Kind != right.Kind)
        {
            if (name is "eq" or "ne" && (left.Kind is TemplateValueKind.Null or TemplateValueKind.NoValue || right.Kind is TemplateValueKind.Null or TemplateValueKind.NoValue))
            {
                return 1;
            }

            throw new TemplateException($"error calling {name}: incompatible types for comparison");
        }

        if (left.Kind is TemplateValueKind.String or TemplateValueKind.Bool)
        {
            var c = string.CompareOrdinal(left.Text, right.Text);
            return left.Kind == TemplateValueKind.Bool && name is not ("eq" or "ne") ? throw new TemplateException($"error calling {name}: invalid type for comparison") : c;
        }

        if (left.Kind is TemplateValueKind.Null or TemplateValueKind.NoValue)
        {
            return 0;
        }

        throw new TemplateException($"error calling {name}: invalid type for comparison");
    }
}
