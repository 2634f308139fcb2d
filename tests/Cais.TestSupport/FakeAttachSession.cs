using Cais.Runtime;

namespace Cais.TestSupport;

/// <summary>What <see cref="FakeContainerRuntime.AttachAsync"/> returns: no output, ends when disposed or completed.</summary>
public sealed class FakeAttachSession : IAttachSession
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _completion.Task;

    public List<(int Rows, int Columns)> Resizes { get; } = [];

    public bool StdinClosed { get; private set; }

    public void Complete() => _completion.TrySetResult();

    public Task ResizeAsync(int rows, int columns, CancellationToken cancellationToken)
    {
        Resizes.Add((rows, columns));
        return Task.CompletedTask;
    }

    public void CloseStdin() => StdinClosed = true;

    public ValueTask DisposeAsync()
    {
        Complete();
        return ValueTask.CompletedTask;
    }
}
