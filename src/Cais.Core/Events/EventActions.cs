namespace Cais.Events;

/// <summary>
/// Docker's event actions (the <c>Action</c> field), per emitting service. Docker appends the command to the exec
/// actions ("exec_start: sh -c ..."); <see cref="WithDetail"/> does the same.
/// </summary>
public static class EventActions
{
    // Containers (ContainerService).
    public const string Create = "create";
    public const string Start = "start";
    public const string Die = "die";
    public const string Stop = "stop";
    public const string Kill = "kill";
    public const string Destroy = "destroy";
    public const string Attach = "attach";
    public const string ExecCreate = "exec_create";
    public const string ExecStart = "exec_start";
    public const string ExecDie = "exec_die";
    public const string Rename = "rename";

    // Networks (NetworkService, and ContainerService for a container joining or leaving).
    public const string Connect = "connect";
    public const string Disconnect = "disconnect";

    // Images (ImageService, the puller). Networks and volumes reuse Create and Destroy.
    public const string Pull = "pull";
    public const string Tag = "tag";
    public const string Untag = "untag";
    public const string Delete = "delete";

    /// <summary>"exec_start: sh -c true": Docker's form of an exec action with its command.</summary>
    public static string WithDetail(string action, string detail) => detail.Length == 0 ? action : $"{action}: {detail}";
}
