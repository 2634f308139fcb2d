namespace Cais.Events;

/// <summary>Docker's event types (the <c>Type</c> field) that this engine emits.</summary>
public static class EventTypes
{
    public const string Container = "container";
    public const string Image = "image";
    public const string Network = "network";
    public const string Volume = "volume";
}
