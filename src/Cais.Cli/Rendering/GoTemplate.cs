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
    public static GoTemplate Parse(string text, string name = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        return new GoTemplate(TemplateParser.Parse(text, name), name);
    }

    public string Execute(TemplateValue data) => Execute(data, headerMode: false);

    internal string Execute(TemplateValue data, bool headerMode)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sb = new StringBuilder();
        var state = new State(data, headerMode);
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
                        sb.Append(value.ToString());
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
            TemplateValueKind.Object => value.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (Key: TemplateValue.FromString(p.Key), p.Value)).ToList(),
            TemplateValueKind.Null or TemplateValueKind.NoValue => [],
            _ => throw ExecError(branch.Line, branch.Pipeline.Source, $"range can't iterate over {value}"),
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
                throw ExecError(line, source, ex.Message.StartsWith("error calling", StringComparison.Ordinal) ? ex.Message : $"error calling {function.Name}: {ex.Message}");
            }
        }

        if (command.Operands.Count > 1 || piped is not null)
        {
            throw ExecError(line, source, $"can't give argument to non-function {Describe(first)}");
        }

        return EvalOperand(first, dot, state, line, source);
    }

    private static string Describe(TemplateOperand operand) => operand switch
    {
        ChainOperand { Base: null, Fields.Count: 0 } => ".",
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
                return index >= 0 ? state.Variables[index].Value : throw ExecError(line, source, $"undefined variable: {variable.Name}");
            case PipelineOperand nested:
                return EvalPipeline(nested.Pipeline, dot, state, line);
            case ChainOperand chain:
                var value = chain.Base is null ? dot : EvalOperand(chain.Base, dot, state, line, source);
                foreach (var field in chain.Fields)
                {
                    value = Field(value, field, state, line, source);
                }

                return value;
            default:
                throw new InvalidOperationException("unknown operand");
        }
    }

    private TemplateValue Field(TemplateValue value, string field, State state, int line, string source)
    {
        if (state.HeaderMode)
        {
            // Header rows: a known column maps to its title, anything else to its upper-cased field name.
            return value.Kind == TemplateValueKind.Object && value.TryGetProperty(field, out var header) ? header : TemplateValue.FromString(field.ToUpperInvariant());
        }

        switch (value.Kind)
        {
            case TemplateValueKind.Object:
                if (value.TryGetProperty(field, out var found))
                {
                    return found;
                }

                if (value.StrictFields)
                {
                    throw ExecError(line, source, $"can't evaluate field {field} in type struct");
                }

                return TemplateValue.NoValue;
            case TemplateValueKind.Null or TemplateValueKind.NoValue:
                // Go fails here with "nil pointer evaluating"; printing "<no value>" is friendlier and matches a missing map key.
                return TemplateValue.NoValue;
            default:
                throw ExecError(line, source, $"can't evaluate field {field} in type {KindName(value)}");
        }
    }

    private static string KindName(TemplateValue value) => value.Kind switch
    {
        TemplateValueKind.String => "string",
        TemplateValueKind.Number => "float64",
        TemplateValueKind.Bool => "bool",
        _ => "[]interface {}",
    };

    private TemplateException ExecError(int line, string source, string message) =>
        new($"template: {_name}:{line}: executing \"{_name}\" at <{source}>: {message}");

    private sealed class State(TemplateValue root, bool headerMode)
    {
        public TemplateValue Root { get; } = root;
        public bool HeaderMode { get; } = headerMode;

        public List<(string Name, TemplateValue Value)> Variables { get; } = [];
    }
}
