using System.Globalization;
using System.Text;

namespace Cais.Cli.Rendering;

/// <summary>Lexes and parses Go text/template syntax (actions, trim markers, if/range/with/else, pipelines, variables).</summary>
internal sealed class TemplateParser
{
    private readonly string _name;
    private readonly int _columnOffset;
    private readonly List<Item> _items = [];
    private int _pos;

    private TemplateParser(string name, int columnOffset)
    {
        _name = name;
        _columnOffset = columnOffset;
    }

    private enum TokenKind
    {
        Field,
        Dot,
        Variable,
        Identifier,
        String,
        Number,
        Char,
        Pipe,
        LeftParen,
        RightParen,
        Declare,
        Assign,
        Comma,
    }

    public static IReadOnlyList<TemplateNode> Parse(string text, string name, int columnOffset = 0)
    {
        var parser = new TemplateParser(name, columnOffset);
        parser.Split(text);
        var nodes = parser.ParseList(out var terminator);
        if (terminator is not null)
        {
            throw parser.Error(terminator.Line, "unexpected {{" + terminator.Tokens![0].Text + "}}");
        }

        return nodes;
    }

    private TemplateException Error(int line, string message) =>
        new($"template parsing error: template: {_name}:{line}: {message}") { IsParseError = true };

    // Splits into text and action items, applying "{{- " and " -}}" whitespace trimming.
    private void Split(string text)
    {
        var i = 0;
        var line = 1;
        var trimNextText = false;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            var chunk = open < 0 ? text[i..] : text[i..open];
            var leftTrim = open >= 0 && open + 3 < text.Length && text[open + 2] == '-' && IsSpace(text[open + 3]);
            if (trimNextText)
            {
                chunk = chunk.TrimStart(' ', '\t', '\r', '\n');
            }

            if (leftTrim)
            {
                chunk = chunk.TrimEnd(' ', '\t', '\r', '\n');
            }

            if (chunk.Length > 0)
            {
                _items.Add(new Item(line, chunk, null));
            }

            line += CountLines(text, i, open < 0 ? text.Length : open);
            if (open < 0)
            {
                break;
            }

            var start = open + (leftTrim ? 3 : 2);
            var actionLine = line;
            if (text.AsSpan(start).TrimStart().StartsWith("/*"))
            {
                var close = text.IndexOf("*/", start, StringComparison.Ordinal);
                var end = close < 0 ? -1 : text.IndexOf("}}", close, StringComparison.Ordinal);
                if (close < 0 || end < 0)
                {
                    throw Error(actionLine, "unclosed comment");
                }

                trimNextText = end > 0 && text[end - 1] == '-' && end - 2 >= 0 && IsSpace(text[end - 2]);
                line += CountLines(text, open, end + 2);
                i = end + 2;
                continue;
            }

            var tokens = Lex(text, start, actionLine, out var after, out trimNextText);
            line += CountLines(text, open, after);
            _items.Add(new Item(actionLine, null, tokens));
            i = after;
        }
    }

    private static int CountLines(string text, int from, int to)
    {
        var n = 0;
        for (var k = from; k < to && k < text.Length; k++)
        {
            if (text[k] == '\n')
            {
                n++;
            }
        }

        return n;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private List<Token> Lex(string text, int i, int line, out int after, out bool rightTrim)
    {
        var tokens = new List<Token>();
        var spaced = true;
        while (true)
        {
            if (i >= text.Length)
            {
                throw Error(line, "unclosed action");
            }

            var c = text[i];
            if (IsSpace(c))
            {
                if (c == '\n')
                {
                    throw Error(line, "unclosed action");
                }

                // " -}}" closes the action and trims following whitespace.
                if (i + 3 < text.Length && text[i + 1] == '-' && text[i + 2] == '}' && text[i + 3] == '}')
                {
                    after = i + 4;
                    rightTrim = true;
                    return tokens;
                }

                spaced = true;
                i++;
                continue;
            }

            if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                after = i + 2;
                rightTrim = false;
                return tokens;
            }

            var start = i;
            TokenKind kind;
            string value;
            switch (c)
            {
                case '|': kind = TokenKind.Pipe; value = "|"; i++; break;
                case '(': kind = TokenKind.LeftParen; value = "("; i++; break;
                case ')': kind = TokenKind.RightParen; value = ")"; i++; break;
                case ',': kind = TokenKind.Comma; value = ","; i++; break;
                case '=': kind = TokenKind.Assign; value = "="; i++; break;
                case ':':
                    if (i + 1 < text.Length && text[i + 1] == '=')
                    {
                        kind = TokenKind.Declare;
                        value = ":=";
                        i += 2;
                        break;
                    }

                    throw Error(line, "expected :=");
                case '"':
                    value = LexQuoted(text, ref i, line);
                    kind = TokenKind.String;
                    break;
                case '`':
                    var close = text.IndexOf('`', i + 1);
                    if (close < 0)
                    {
                        throw Error(line, "unterminated raw quoted string");
                    }

                    value = text[(i + 1)..close];
                    kind = TokenKind.String;
                    i = close + 1;
                    break;
                case '\'':
                    var end = text.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        throw Error(line, "unterminated character constant");
                    }

                    value = ((int)text[i + 1]).ToString(CultureInfo.InvariantCulture);
                    kind = TokenKind.Char;
                    i = end + 1;
                    break;
                case '.':
                    i++;
                    if (i < text.Length && IsIdentChar(text[i]) && !char.IsDigit(text[i]))
                    {
                        var s = i;
                        while (i < text.Length && IsIdentChar(text[i]))
                        {
                            i++;
                        }

                        value = text[s..i];
                        kind = TokenKind.Field;
                    }
                    else
                    {
                        value = ".";
                        kind = TokenKind.Dot;
                    }

                    break;
                case '$':
                    i++;
                    while (i < text.Length && IsIdentChar(text[i]))
                    {
                        i++;
                    }

                    value = text[start..i];
                    kind = TokenKind.Variable;
                    break;
                default:
                    if (char.IsDigit(c) || ((c == '-' || c == '+') && i + 1 < text.Length && char.IsDigit(text[i + 1])))
                    {
                        i++;
                        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or '_' or '+' or '-') && !(text[i] is '+' or '-' && !(text[i - 1] is 'e' or 'E')))
                        {
                            i++;
                        }

                        value = text[start..i];
                        kind = TokenKind.Number;
                        break;
                    }

                    if (IsIdentChar(c))
                    {
                        while (i < text.Length && IsIdentChar(text[i]))
                        {
                            i++;
                        }

                        value = text[start..i];
                        kind = TokenKind.Identifier;
                        break;
                    }

                    throw Error(line, $"unexpected \"{c}\" in command");
            }

            tokens.Add(new Token(kind, value, spaced, Column(text, start)));
            spaced = false;
        }
    }

    private string LexQuoted(string text, ref int i, int line)
    {
        var sb = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length || text[i] == '\n')
            {
                throw Error(line, "unterminated quoted string");
            }

            var c = text[i++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (i >= text.Length)
            {
                throw Error(line, "unterminated quoted string");
            }

            var e = text[i++];
            sb.Append(e switch
            {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '\\' => '\\',
                '"' => '"',
                '0' => '\0',
                _ => throw Error(line, "invalid syntax"),
            });
        }
    }

    private static bool IsIdentChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private List<TemplateNode> ParseList(out Item? terminator)
    {
        var nodes = new List<TemplateNode>();
        while (_pos < _items.Count)
        {
            var item = _items[_pos++];
            if (item.Text is not null)
            {
                nodes.Add(new TextNode(item.Text));
                continue;
            }

            var tokens = item.Tokens!;
            if (tokens.Count == 0)
            {
                throw Error(item.Line, "missing value for command");
            }

            var first = tokens[0];
            if (first.Kind == TokenKind.Identifier && first.Text is "end" or "else")
            {
                terminator = item;
                return nodes;
            }

            if (first.Kind == TokenKind.Identifier && first.Text is "if" or "range" or "with")
            {
                nodes.Add(ParseBranch(first.Text, tokens, 1, item.Line));
                continue;
            }

            var index = 0;
            var pipeline = ParsePipeline(tokens, ref index, item.Line, "command", allowDeclaration: true);
            if (index != tokens.Count)
            {
                throw Error(item.Line, $"unexpected \"{tokens[index].Text}\" in command");
            }

            nodes.Add(new ActionNode(pipeline, item.Line));
        }

        terminator = null;
        return nodes;
    }

    private BranchNode ParseBranch(string keyword, List<Token> tokens, int index, int line)
    {
        var pipeline = ParsePipeline(tokens, ref index, line, keyword, allowDeclaration: true);
        if (index != tokens.Count)
        {
            throw Error(line, $"unexpected \"{tokens[index].Text}\" in {keyword}");
        }

        var body = ParseList(out var terminator);
        if (terminator is null)
        {
            throw Error(line, "unexpected EOF");
        }

        IReadOnlyList<TemplateNode>? elseBody = null;
        if (terminator.Tokens![0].Text == "else")
        {
            var elseTokens = terminator.Tokens;
            if (elseTokens.Count > 1)
            {
                // "{{else if x}}" / "{{else with x}}" nests a branch that shares the enclosing {{end}}.
                if (elseTokens[1].Kind != TokenKind.Identifier || elseTokens[1].Text is not ("if" or "with"))
                {
                    throw Error(terminator.Line, $"unexpected \"{elseTokens[1].Text}\" in else");
                }

                elseBody = [ParseBranch(elseTokens[1].Text, elseTokens, 2, terminator.Line)];
                return new BranchNode(keyword, pipeline, body, elseBody, line);
            }

            elseBody = ParseList(out terminator);
            if (terminator is null)
            {
                throw Error(line, "unexpected EOF");
            }

            if (terminator.Tokens![0].Text != "end")
            {
                throw Error(terminator.Line, "expected end; found {{else}}");
            }
        }

        if (terminator.Tokens!.Count > 1)
        {
            throw Error(terminator.Line, $"unexpected \"{terminator.Tokens[1].Text}\" in end");
        }

        return new BranchNode(keyword, pipeline, body, elseBody, line);
    }

    private TemplatePipeline ParsePipeline(List<Token> tokens, ref int index, int line, string context, bool allowDeclaration)
    {
        var start = index;
        var declarations = new List<string>();
        if (allowDeclaration && index < tokens.Count && tokens[index].Kind == TokenKind.Variable)
        {
            var probe = index;
            var names = new List<string> { tokens[probe++].Text };
            if (probe + 1 < tokens.Count && tokens[probe].Kind == TokenKind.Comma && tokens[probe + 1].Kind == TokenKind.Variable)
            {
                names.Add(tokens[probe + 1].Text);
                probe += 2;
            }

            if (probe < tokens.Count && tokens[probe].Kind is TokenKind.Declare or TokenKind.Assign)
            {
                declarations = names;
                index = probe + 1;
            }
        }

        var commands = new List<TemplateCommand>();
        while (true)
        {
            var operands = new List<TemplateOperand>();
            while (index < tokens.Count && tokens[index].Kind is not (TokenKind.Pipe or TokenKind.RightParen))
            {
                operands.Add(ParseOperand(tokens, ref index, line));
            }

            if (operands.Count == 0)
            {
                throw Error(line, commands.Count == 0 && declarations.Count == 0 ? $"missing value for {context}" : "missing command");
            }

            commands.Add(new TemplateCommand(operands));
            if (index < tokens.Count && tokens[index].Kind == TokenKind.Pipe)
            {
                index++;
                continue;
            }

            break;
        }

        var source = string.Join(' ', tokens.Skip(start).Take(index - start).Select(t => t.Kind switch
        {
            TokenKind.Field => "." + t.Text,
            TokenKind.String => "\"" + t.Text + "\"",
            _ => t.Text,
        }));
        return new TemplatePipeline(declarations, commands, source);
    }

    private TemplateOperand ParseOperand(List<Token> tokens, ref int index, int line)
    {
        var token = tokens[index++];
        TemplateOperand? baseOperand;
        var fields = new List<string>();
        switch (token.Kind)
        {
            case TokenKind.Field:
                baseOperand = null;
                fields.Add(token.Text);
                break;
            case TokenKind.Dot:
                baseOperand = null;
                break;
            case TokenKind.Variable:
                baseOperand = new VariableOperand(token.Text);
                break;
            case TokenKind.LeftParen:
                var inner = ParsePipeline(tokens, ref index, line, "parenthesized pipeline", allowDeclaration: false);
                if (index >= tokens.Count || tokens[index].Kind != TokenKind.RightParen)
                {
                    throw Error(line, "unclosed left paren");
                }

                index++;
                baseOperand = new PipelineOperand(inner);
                break;
            case TokenKind.String:
                return new LiteralOperand(TemplateValue.FromString(token.Text));
            case TokenKind.Number:
                if (!double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw Error(line, $"bad number syntax: \"{token.Text}\"");
                }

                return new LiteralOperand(TemplateValue.FromNumberText(token.Text.TrimStart('+')));
            case TokenKind.Char:
                return new LiteralOperand(TemplateValue.FromNumberText(token.Text));
            case TokenKind.Identifier:
                switch (token.Text)
                {
                    case "true": return new LiteralOperand(TemplateValue.True);
                    case "false": return new LiteralOperand(TemplateValue.False);
                    case "nil": return new LiteralOperand(TemplateValue.Null);
                }

                if (!TemplateFunctions.IsDefined(token.Text))
                {
                    throw Error(line, $"function \"{token.Text}\" not defined");
                }

                return new FunctionOperand(token.Text, token.Column);
            default:
                throw Error(line, $"unexpected \"{token.Text}\" in operand");
        }

        // Go places a chain at its first field after the leading term (".A.B" at ".B", "$x.A" at ".A").
        var column = token.Column;
        if (index < tokens.Count && tokens[index].Kind == TokenKind.Field && !tokens[index].Spaced)
        {
            column = tokens[index].Column;
        }

        while (index < tokens.Count && tokens[index].Kind == TokenKind.Field && !tokens[index].Spaced)
        {
            fields.Add(tokens[index++].Text);
        }

        return baseOperand is VariableOperand or PipelineOperand && fields.Count == 0 ? baseOperand : new ChainOperand(baseOperand, fields, column);
    }

    // Byte offset of a token within its line, as Go's ErrorContext reports it (the first line shifted by the "table " prefix).
    private int Column(string text, int at)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1), at > 0 ? at : 0) + 1;
        var column = System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(lineStart, at - lineStart));
        return lineStart == 0 ? column + _columnOffset : column;
    }

    private sealed record Token(TokenKind Kind, string Text, bool Spaced, int Column);

    private sealed record Item(int Line, string? Text, List<Token>? Tokens);
}
