namespace Cais.Events;

/// <summary>
/// Where the services record what they changed. Recording is best effort and never fails the operation that changed
/// state: a lost event is better than a container that did not start because the journal's disk was full.
/// </summary>
public interface IEventSink
{
    void Record(EngineEvent engineEvent);
}
