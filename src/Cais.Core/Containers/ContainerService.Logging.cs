using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    /// <summary>Where lifecycle debug lines go (off by default; the CLI turns it on with -D or --log-level).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
