namespace Cais.Core.Tests.ModuleBoundaries;

/// <summary>One type naming another: <see cref="From"/> and <see cref="To"/> are full names ("Namespace.Outer+Inner").</summary>
internal sealed record TypeReference(string From, string To)
{
    public string FromNamespace => TypeNameProvider.NamespaceOf(From);

    public string ToNamespace => TypeNameProvider.NamespaceOf(To);

    /// <summary>The outermost type of <see cref="From"/>: closures and state machines count as the type that wrote them.</summary>
    public string FromOwner => From.Split('+')[0];
}
