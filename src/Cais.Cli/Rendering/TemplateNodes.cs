namespace Cais.Cli.Rendering;

// Parse tree of the Go text/template subset we support.
internal abstract record TemplateNode;

internal sealed record TextNode(string Text) : TemplateNode;

internal sealed record ActionNode(TemplatePipeline Pipeline, int Line) : TemplateNode;

internal sealed record BranchNode(string Keyword, TemplatePipeline Pipeline, IReadOnlyList<TemplateNode> Body, IReadOnlyList<TemplateNode>? ElseBody, int Line) : TemplateNode;

internal sealed record TemplatePipeline(IReadOnlyList<string> Declarations, IReadOnlyList<TemplateCommand> Commands, string Source);

internal sealed record TemplateCommand(IReadOnlyList<TemplateOperand> Operands);

internal abstract record TemplateOperand;

/// <summary>
/// A value followed by zero or more field accesses: <c>.A.B</c>, <c>$x.A</c>, <c>(pipeline).A</c>, <c>.</c>. Column is
/// where Go's parser places the node (the second token of a chain), which its execution errors report.
/// </summary>
internal sealed record ChainOperand(TemplateOperand? Base, IReadOnlyList<string> Fields, int Column = 0) : TemplateOperand;

internal sealed record VariableOperand(string Name) : TemplateOperand;

internal sealed record PipelineOperand(TemplatePipeline Pipeline) : TemplateOperand;

internal sealed record FunctionOperand(string Name, int Column = 0) : TemplateOperand;

internal sealed record LiteralOperand(TemplateValue Value) : TemplateOperand;
