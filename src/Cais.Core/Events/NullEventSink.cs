namespace Cais.Events;

/// <summary>Records nothing: for services built outside the composition root (unit tests, tools).</summary>
public sealed class NullEventSink : IEventSink
{
    public static NullEventSink Instance { get; } = new();

    public void Record(EngineEvent engineEvent)
    {
    }
}
