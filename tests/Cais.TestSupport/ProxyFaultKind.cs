namespace Cais.TestSupport;

/// <summary>What <see cref="FaultyProxy"/> does to a matching blob download.</summary>
public enum ProxyFaultKind
{
    /// <summary>Send the headers and the first N body bytes, then close the connection.</summary>
    Cut,

    /// <summary>Send the whole body with one byte inverted.</summary>
    Corrupt,

    /// <summary>Cut after N body bytes, then refuse every further connection (and drop open ones).</summary>
    GoAway,
}
