namespace Cais.Cli.Tests.Fakes;

/// <summary>
/// What the fakes were asked, in order ("StopAsync(a, 3, SIGINT)"), and the failures they are told to answer with,
/// by the name an operation targets.
/// </summary>
internal sealed class CallLog
{
    public List<string> Calls { get; } = [];

    public Dictionary<string, Exception> Failures { get; } = new(StringComparer.Ordinal);

    /// <summary>Records the call and throws the failure set for <paramref name="target"/>, if any.</summary>
    public void Record(string target, string call)
    {
        Calls.Add(call);
        if (Failures.TryGetValue(target, out var failure))
        {
            throw failure;
        }
    }
}
