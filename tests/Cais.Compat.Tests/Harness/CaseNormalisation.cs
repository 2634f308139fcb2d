using System.Text.RegularExpressions;

namespace Cais.Compat.Tests.Harness;

/// <summary>A case's own replacement, applied to both sides before comparing, with the reason it is not a difference.</summary>
public sealed record CaseNormalisation(Regex Pattern, string Replacement, string Why);
