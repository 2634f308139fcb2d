using System.Globalization;
using Cais.Events;
using Cais.Metadata;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    /// <summary>Where container events are recorded: the engine's journal (nothing when built without one).</summary>
    public IEventSink EventSink { get; init; } = NullEventSink.Instance;

    /// <summary>
    /// Records a container event with Docker's attributes (the container's labels, then name and image; exitCode for
    /// die, <paramref name="extra"/> last) and hands the record back, so an operation's result line can record it.
    /// </summary>
    private ContainerRecord Emitted(string action, ContainerRecord record, params (string Key, string Value)[] extra)
    {
        var attributes = new Dictionary<string, string>(record.Settings.Labels, StringComparer.Ordinal)
        {
            ["name"] = record.Name,
            ["image"] = record.ImageName,
        };
        if (action == EventActions.Die)
        {
            attributes["exitCode"] = record.State.ExitCode.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in extra)
        {
            attributes[key] = value;
        }

        EventSink.Record(EngineEvent.Now(EventTypes.Container, action, record.Id, attributes));
        return record;
    }

    /// <summary>Docker's exec events carry the command in the action ("exec_start: sh -c true").</summary>
    private void EmitExec(string action, ContainerRecord record, ExecOptions options, int? exitCode = null)
    {
        var detail = EventActions.WithDetail(action, string.Join(' ', options.Cmd));
        _ = exitCode is { } code
            ? Emitted(detail, record, ("exitCode", code.ToString(CultureInfo.InvariantCulture)))
            : Emitted(detail, record);
    }
}
