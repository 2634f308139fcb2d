using Cais.Api;
using Cais.Events;

namespace Cais.Images;

public sealed partial class ImageService
{
    /// <summary>Where image events are recorded: the engine's journal (nothing when built without one).</summary>
    public IEventSink EventSink { get; init; } = NullEventSink.Instance;

    /// <summary>Docker's rmi, recording an untag event per name removed and a delete event for the image deleted.</summary>
    public async Task<IReadOnlyList<ImageDeleteResponseItem>> RemoveAsync(string nameOrId, bool force, CancellationToken cancellationToken)
    {
        var imageId = Find(nameOrId)?.Id;
        var report = await RemoveAndReportAsync(nameOrId, force, cancellationToken).ConfigureAwait(false);
        foreach (var item in report)
        {
            if (item.Untagged is { } untagged && imageId is not null)
            {
                Emit(EventActions.Untag, imageId, untagged);
            }
            else if (item.Deleted is { } deleted && deleted == imageId)
            {
                Emit(EventActions.Delete, imageId, imageId);
            }
        }

        return report;
    }

    /// <summary>Records a finished pull the way Docker does: the actor is the reference pulled.</summary>
    public void RecordPull(PullResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Emit(EventActions.Pull, result.Name, Familiar(result.Name));
    }

    private void Emit(string action, string id, string name) =>
        EventSink.Record(EngineEvent.Now(EventTypes.Image, action, id, new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = name }));
}
