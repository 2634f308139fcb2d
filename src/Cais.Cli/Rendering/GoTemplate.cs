using System.Text;

namespace Cais.Cli.Rendering;

/// <summary>
/// A parsed Go text/template (the subset docker's --format relies on), evaluated against a <see cref="TemplateValue"/> tree.
/// </summary>
public sealed class GoTemplate
{
    private readonly IReadOnlyList<TemplateNode> _nodes;
    private readonly string _name;

    private GoTemplate(IReadOnlyList<TemplateNode> nodes, string name)
    {
        _nodes = nodes;
        _name = name;
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="TemplateException"/> with docker's "template parsing error: ..." text.</summary>
    public static GoTemplate Parse(string text, string name = "") => Parse(text, name, columnOffset: 0);

    /// <param name="columnOffset">Added to first-line columns in errors: docker keeps a table's "table " prefix in the text it reports on.</param>
    internal static GoTemplate Parse(string text, string name, int columnOffset)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new GoTemplate(TemplateParser.Parse(text, name, columnOffset), name);
    }

    public string Execute(TemplateValue data) => Execute(data, headerMode: false);

    /// <summary>Executes with Go's missingkey=error: a key missing from a map fails instead of printing "&lt;no value&gt;".</summary>
    public string ExecuteStrict(TemplateValue data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Execute(data, headerMode: false, missingKeyError: true);
    }

    internal string Execute(TemplateValue data, bool headerMode, bool missingKeyError = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sb = new StringBuilder();
        var state = new State(data, headerMode, missingKeyError);
        state.Variables.Add(("$", data));
        Walk(sb, _nodes, data, state);
        return sb.ToString();
    }

    private void Walk(StringBuilder sb, IReadOnlyList<TemplateNode> nodes, TemplateValue dot, State state)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    sb.Append(text.Text);
                    break;
                case ActionNode action:
                    var value = EvalPipeline(action.Pipeline, dot, state, action.Line);
                    if (action.Pipeline.Declarations.Count == 0)
                    {
                        sb.Append(value.ActionText);
                    }

                    break;
                case BranchNode branch:
                    WalkBranch(sb, branch, dot, state);
                    break;
            }
        }
    }

    private void WalkBranch(StringBuilder sb, BranchNode branch, TemplateValue dot, State state)
    {
        var mark = state.Variables.Count;
        try
        {
            if (branch.Keyword == "range")
            {
                WalkRange(sb, branch, dot, state);
                return;
            }

            var value = EvalPipeline(branch.Pipeline, dot, state, branch.Line);
            if (value.IsTruthy)
            {
                Walk(sb, branch.Body, branch.Keyword == "with" ? value : dot, state);
            }
            else if (branch.ElseBody is not null)
            {
                Walk(sb, branch.ElseBody, dot, state);
            }
        }
        finally
        {
            state.Variables.RemoveRange(mark, state.Variables.Count - mark);
        }
    }

    private void WalkRange(StringBuilder sb, BranchNode branch, TemplateValue dot, State state)
    {
        var pipeline = branch.Pipeline with { Declarations = [] };
        var value = EvalPipeline(pipeline, dot, state, branch.Line);
        var entries = value.Kind switch
        {
            TemplateValueKind.List => value.Items.Select((item, i) => (Key: TemplateValue.FromNumber(i), Value: item)).ToList(),

            // Go ranges over maps in sorted key order.
            TemplateValueKind.Map => value.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (Key: TemplateValue.FromString(p.Key), p.Value)).ToList(),
            TemplateValueKind.Null or TemplateValueKind.NoValue => [],
            _ => throw ExecError(branch.Line, 0, branch.Pipeline.Source, $"range can't iterate over {value}"),
        };
        if (entries.Count == 0)
        {
            if (branch.ElseBody is not null)
            {
                Walk(sb, branch.ElseBody, dot, state);
            }

            return;
        }

        var declarations = branch.Pipeline.Declarations;
        foreach (var (key, item) in entries)
        {
            var mark = state.Variables.Count;
            if (declarations.Count == 1)
            {
                state.Variables.Add((declarations[0], item));
            }
            else if (declarations.Count == 2)
            {
                state.Variables.Add((declarations[0], key));
                state.Variables.Add((declarations[1], item));
            }

            Walk(sb, branch.Body, item, state);
            state.Variables.RemoveRange(mark, state.Variables.Count - mark);
        }
    }

    private TemplateValue EvalPipeline(TemplatePipeline pipeline, TemplateValue dot, State state, int line)
    {
        TemplateValue? piped = null;
        foreach (var command in pipeline.Commands)
        {
            piped = EvalCommand(command, dot, state, line, pipeline.Source, piped);
        }

        var result = piped ?? TemplateValue.NoValue;
        if (pipeline.Declarations.Count == 1)
        {
            // Scoping is handled by the enclosing branch trimming the variable list when it ends.
            state.Variables.Add((pipeline.Declarations[0], result));
        }

        return result;
    }

    private TemplateValue EvalCommand(TemplateCommand command, TemplateValue dot, State state, int line, string source, TemplateValue? piped)
    {
        var first = command.Operands[0];
        if (first is FunctionOperand function)
        {
            var args = command.Operands.Skip(1).Select(o => EvalOperand(o, dot, state, line, source)).ToList();
            if (piped is not null)
            {
                args.Add(piped);
            }

            if (state.HeaderMode && function.Name == "json")
            {
                // Header rows show the column name, not its JSON encoding.
                return args.Count == 1 ? args[0] : TemplateValue.FromString(string.Empty);
            }

            try
            {
                return TemplateFunctions.Call(function.Name, args);
            }
            catch (TemplateException ex)
            {
                throw ExecError(line, function.Column, source, ex.Message.StartsWith("error calling", StringComparison.Ordinal) ? ex.Message : $"error calling {function.Name}: {ex.Message}");
            }
        }

        if (command.Operands.Count > 1 || piped is not null)
        {
            if (first is ChainOperand { Fields.Count: > 0 } method)
            {
                // A row method with arguments: {{.Label "key"}}, or {{"key" | .Label}}.
                var args = command.Operands.Skip(1).Select(o => EvalOperand(o, dot, state, line, source)).ToList();
                if (piped is not null)
                {
                    args.Add(piped);
                }

                return EvalChain(method, dot, state, line, source, args);
            }

            throw ExecError(line, Column(first), Describe(first), $"can't give argument to non-function {Describe(first)}");
        }

        return EvalOperand(first, dot, state, line, source);
    }

    private static int Column(TemplateOperand operand) => operand switch
    {
        ChainOperand chain => chain.Column,
        FunctionOperand function => function.Column,
        _ => 0,
    };

    private static string Describe(TemplateOperand operand) => operand switch
    {
        ChainOperand { Base: null, Fields.Count: 0 } => ".",
        ChainOperand { Base: VariableOperand variable } chain => variable.Name + string.Concat(chain.Fields.Select(f => "." + f)),
        ChainOperand chain => string.Concat(chain.Fields.Select(f => "." + f)),
        VariableOperand variable => variable.Name,
        LiteralOperand literal => literal.Value.ToString(),
        _ => "operand",
    };

    private TemplateValue EvalOperand(TemplateOperand operand, TemplateValue dot, State state, int line, string source)
    {
        switch (operand)
        {
            case LiteralOperand literal:
                return literal.Value;
            case FunctionOperand function:
                return EvalCommand(new TemplateCommand([function]), dot, state, line, source, null);
            case VariableOperand variable:
                var index = state.Variables.FindLastIndex(v => v.Name == variable.Name);
                return index >= 0 ? state.Variables[index].Value : throw ExecError(line, 0, variable.Name, $"undefined variable: {variable.Name}");
            case PipelineOperand nested:
                return EvalPipeline(nested.Pipeline, dot, state, line);
            case ChainOperand chain:
                return EvalChain(chain, dot, state, line, source, []);
            default:
                throw new InvalidOperationException("unknown operand");
        }
    }

    private TemplateValue EvalChain(ChainOperand chain, TemplateValue dot, State state, int line, string source, IReadOnlyList<TemplateValue> args)
    {
        var value = chain.Base is null ? dot : EvalOperand(chain.Base, dot, state, line, source);
        for (var i = 0; i < chain.Fields.Count; i++)
        {
            var last = i == chain.Fields.Count - 1;
            value = Field(value, chain.Fields[i], last ? args : [], state, line, chain);
        }

        return value;
    }

    private TemplateValue Field(TemplateValue value, string field, IReadOnlyList<TemplateValue> args, State state, int line, ChainOperand chain)
    {
        var at = Describe(chain);
        if (state.HeaderMode && value.Kind == TemplateValueKind.Map)
        {
            // Header rows of untyped tables: a known column maps to its title, anything else to its upper-cased field name.
            return value.TryGetProperty(field, out var header) ? header : TemplateValue.FromString(field.ToUpperInvariant());
        }

        switch (value.Kind)
        {
            case TemplateValueKind.Struct:
                if (!value.TryGetProperty(field, out var member))
                {
                    throw ExecError(line, chain.Column, at, $"can't evaluate field {field} in type {value.TypeName}");
                }

                if (member.Kind == TemplateValueKind.Method)
                {
                    return member.Arity == args.Count
                        ? member.Invoke(args)
                        : throw ExecError(line, chain.Column, at, $"wrong number of args for {field}: want {member.Arity} got {args.Count}");
                }

                if (args.Count > 0)
                {
                    // Docker's row types expose methods only; inspect documents are plain struct fields.
                    throw ExecError(line, chain.Column, at, value.TypeName.StartsWith('*')
                        ? $"wrong number of args for {field}: want 0 got {args.Count}"
                        : $"{field} has arguments but cannot be invoked as field");
                }

                return member;
            case TemplateValueKind.Map:
                if (args.Count > 0)
                {
                    throw ExecError(line, chain.Column, at, $"{field} is not a method but has arguments");
                }

                if (value.TryGetProperty(field, out var found))
                {
                    return found;
                }

                return state.MissingKeyError
                    ? throw ExecError(line, chain.Column, at, $"map has no entry for key \"{field}\"")
                    : TemplateValue.NoValue;
            case TemplateValueKind.NoValue:
                return state.MissingKeyError
                    ? throw ExecError(line, chain.Column, at, $"nil data; no entry for key \"{field}\"")
                    : TemplateValue.NoValue;
            case TemplateValueKind.Null:
                throw ExecError(line, chain.Column, at, state.MissingKeyError
                    ? $"nil data; no entry for key \"{field}\""
                    : $"nil pointer evaluating {value.TypeName}.{field}");
            default:
                throw ExecError(line, chain.Column, at, $"can't evaluate field {field} in type {(state.MissingKeyError ? "interface {}" : value.TypeName)}");
        }
    }

    private TemplateException ExecError(int line, int column, string at, string message) =>
        new($"template: {_name}:{line}:{column}: executing \"{_name}\" at <{at}>: {message}");

    private sealed class State(TemplateValue root, bool headerMode, bool missingKeyError)
    {
        public TemplateValue Root { get; } = root;
        public bool HeaderMode { get; } = headerMode;

        /// <summary>Go's Option("missingkey=error"), which docker inspect's raw fallback uses.</summary>
        public bool MissingKeyError { get; } = missingKeyError;

        public List<(string Name, TemplateValue Value)> Variables { get; } = [];
    }
}
