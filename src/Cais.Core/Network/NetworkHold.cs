using Cais.Linux;

namespace Cais.Network;

/// <summary>Shared locks on networks that keep them from being removed while a container is recorded on them.</summary>
public sealed class NetworkHold : IDisposable
{
    private readonly List<FileLock> _locks = [];

    internal void Add(FileLock held) => _locks.Add(held);

    public void Dispose()
    {
        foreach (var held in _locks)
        {
            held.Dispose();
        }

        _locks.Clear();
    }
}
