using System.Text;

namespace Cais.Compat.Tests.Harness;

/// <summary>Splits a case's command the way a POSIX shell splits words: '...' literal, "..." with \" and \\, \ outside quotes.</summary>
public static class CommandLine
{
    public static IReadOnlyList<string> Split(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case ' ' or '\t' or '\n':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    break;
                case '\'':
                    inWord = true;
                    var close = command.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException($"unterminated ' in: {command}");
                    }

                    word.Append(command, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inWord = true;
                    for (i++; i < command.Length && command[i] != '"'; i++)
                    {
                        if (command[i] == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$')
                        {
                            i++;
                        }

                        word.Append(command[i]);
                    }

                    if (i >= command.Length)
                    {
                        throw new FormatException($"unterminated \" in: {command}");
                    }

                    break;
                case '\\' when i + 1 < command.Length:
                    inWord = true;
                    word.Append(command[++i]);
                    break;
                default:
                    inWord = true;
                    word.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
