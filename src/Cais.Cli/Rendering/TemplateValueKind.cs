namespace Cais.Cli.Rendering;

public enum TemplateValueKind
{
    /// <summary>JSON null / Go nil; prints "&lt;nil&gt;".</summary>
    Null,

    /// <summary>A key missing from a map; prints "&lt;no value&gt;" like Go templates.</summary>
    NoValue,
    String,
    Number,
    Bool,
    List,
    Object,
}
