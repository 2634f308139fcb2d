namespace Cais.Cli.Rendering;

public enum TemplateValueKind
{
    /// <summary>JSON null / Go nil pointer or interface; prints "&lt;nil&gt;".</summary>
    Null,

    /// <summary>A key missing from a map; prints "&lt;no value&gt;" like Go templates.</summary>
    NoValue,
    String,
    Number,
    Bool,

    /// <summary>A Go slice; a nil slice is an empty list that serializes as null and still prints "[]".</summary>
    List,

    /// <summary>A Go map: a missing key is "&lt;no value&gt;", printed as map[k:v ...] with keys sorted.</summary>
    Map,

    /// <summary>A Go struct: a missing field is an execution error, printed as {v1 v2 ...} in declaration order.</summary>
    Struct,

    /// <summary>A method of a row struct that takes arguments, e.g. <c>.Label "key"</c> on <c>ps</c> rows.</summary>
    Method,
}
