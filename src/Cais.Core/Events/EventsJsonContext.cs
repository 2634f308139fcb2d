using System.Text.Json.Serialization;

namespace Cais.Events;

[JsonSerializable(typeof(EngineEvent))]
internal sealed partial class EventsJsonContext : JsonSerializerContext;
