namespace Cais.Runtime;

/// <summary>
/// A client connected to a container's (or a terminal exec's) stdio through its monitor. Output flows to the streams
/// given at attach until the process ends; disposing detaches without affecting the process.
/// </summary>
public interface IAttachSession : IAsyncDisposable
{
    /// <summary>Ends when the monitor closes the connection: the process exited and its output has been drained to us.</summary>
    Task Completion { get; }

    /// <summary>Resizes the process' terminal; rows and columns are positive.</summary>
    Task ResizeAsync(int rows, int columns, CancellationToken cancellationToken);

    /// <summary>Signals end of input to the process now (also done when the stdin stream ends). Idempotent.</summary>
    void CloseStdin();
}
