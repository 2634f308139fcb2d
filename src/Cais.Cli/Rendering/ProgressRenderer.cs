using System.Globalization;
using System.Text;
using Cais.Images;

namespace Cais.Cli.Rendering;

/// <summary>
/// Docker-style pull output. On a terminal every layer owns a line that is redrawn in place (ANSI cursor movement) with a
/// 50-column bar; otherwise one plain line per phase change. Events may arrive concurrently from parallel downloads.
/// </summary>
public sealed class ProgressRenderer : IProgress<PullProgressEvent>
{
    private const int BarWidth = 50;

    /// <summary>Byte-progress redraws are limited to about ten per second; phase changes draw at once.</summary>
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<LayerState> _layers = [];
    private readonly Dictionary<string, LayerState> _byId = new(StringComparer.Ordinal);
    private int _drawnLines;
    private long _lastDraw = long.MinValue;
    private bool _dirty;

    public ProgressRenderer(TextWriter output, bool isTerminal, bool quiet = false, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        IsTerminal = isTerminal;
        Quiet = quiet;
        _time = timeProvider ?? TimeProvider.System;
    }

    public bool IsTerminal { get; }

    public bool Quiet { get; }

    /// <summary>"latest: Pulling from library/alpine".</summary>
    public void PullingFrom(string tag, string repository) => Line($"{tag}: Pulling from {repository}");

    public void Report(PullProgressEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Quiet)
        {
            return;
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (!_byId.TryGetValue(value.Id, out var layer))
            {
                layer = new LayerState(value.Id);
                _byId.Add(value.Id, layer);
                _layers.Add(layer);
            }

            var phaseChanged = layer.Phase != value.Phase || layer.IsNew;
            if (phaseChanged)
            {
                layer.PhaseStarted = now;
            }

            layer.IsNew = false;
            layer.Phase = value.Phase;
            layer.Current = value.Current;
            layer.Total = value.Total;

            if (!IsTerminal)
            {
                if (phaseChanged)
                {
                    _output.Write($"{layer.Id}: {PhaseText(layer.Phase)}\n");
                    _output.Flush();
                }

                return;
            }

            _dirty = true;
            if (phaseChanged || _lastDraw == long.MinValue || _time.GetElapsedTime(_lastDraw, now) >= RedrawInterval)
            {
                Draw(now);
            }
        }
    }

    /// <summary>Draws the final state of every layer line (call when the pull ends, before the footer).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (IsTerminal && _dirty)
            {
                Draw(_time.GetTimestamp());
            }

            _output.Flush();
        }
    }

    /// <summary>"Digest: sha256:...".</summary>
    public void Digest(string digest) => Footer($"Digest: {digest}");

    /// <summary>"Status: Downloaded newer image for NAME" or "Status: Image is up to date for NAME".</summary>
    public void Status(string name, bool downloadedNewer) =>
        Footer(downloadedNewer ? $"Status: Downloaded newer image for {name}" : $"Status: Image is up to date for {name}");

    /// <summary>The fully qualified reference, the only line printed in quiet mode.</summary>
    public void Reference(string fullName)
    {
        lock (_gate)
        {
            FinishBlock();
            _output.Write(fullName + "\n");
            _output.Flush();
        }
    }

    void IProgress<PullProgressEvent>.Report(PullProgressEvent value) => Report(value);

    internal static string PhaseText(PullPhase phase) => phase switch
    {
        PullPhase.Resolving => "Resolving",
        PullPhase.Waiting => "Waiting",
        PullPhase.AlreadyExists => "Already exists",
        PullPhase.Downloading => "Downloading",
        PullPhase.Retrying => "Retrying",
        PullPhase.Verifying => "Verifying Checksum",
        PullPhase.DownloadComplete => "Download complete",
        PullPhase.Extracting => "Extracting",
        PullPhase.PullComplete => "Pull complete",
        _ => phase.ToString(),
    };

    /// <summary>docker's progress text: "[=====>     ]  12.3MB/45.6MB" (sizes with 4 significant digits).</summary>
    internal static string Bar(long current, long total)
    {
        if (total <= 0)
        {
            return Humanize.HumanSize(current, 4).PadLeft(8);
        }

        var filled = (int)Math.Min(BarWidth, (double)current / total * 100 / 2);
        var sb = new StringBuilder();
        sb.Append('[').Append('=', filled).Append('>').Append(' ', BarWidth - filled).Append("] ");
        if (current > total)
        {
            sb.Append(Humanize.HumanSize(current, 4).PadLeft(8));
        }
        else
        {
            sb.Append(Humanize.HumanSize(current, 4).PadLeft(8)).Append('/').Append(Humanize.HumanSize(total, 4));
        }

        return sb.ToString();
    }

    private string LineFor(LayerState layer, long now)
    {
        var text = $"{layer.Id}: {PhaseText(layer.Phase)}";
        if (layer.Phase is not (PullPhase.Downloading or PullPhase.Extracting))
        {
            return text;
        }

        text += " " + Bar(layer.Current, layer.Total);
        var elapsed = _time.GetElapsedTime(layer.PhaseStarted, now).TotalSeconds;
        if (layer.Phase == PullPhase.Downloading && elapsed > 0 && layer.Current > 0)
        {
            text += " " + Humanize.HumanSize(layer.Current / elapsed, 3) + "/s";
        }

        return text;
    }

    private void Draw(long now)
    {
        var sb = new StringBuilder();
        if (_drawnLines > 0)
        {
            // Move back to the first layer line and rewrite the whole block.
            sb.Append("\x1b[").Append(_drawnLines.ToString(CultureInfo.InvariantCulture)).Append('A');
        }

        foreach (var layer in _layers)
        {
            sb.Append("\x1b[2K\r").Append(LineFor(layer, now)).Append('\n');
        }

        _drawnLines = _layers.Count;
        _lastDraw = now;
        _dirty = false;
        _output.Write(sb.ToString());
        _output.Flush();
    }

    // Freezes the layer block so that footer lines go below it and later events start a new block.
    private void FinishBlock()
    {
        if (IsTerminal && _dirty)
        {
            Draw(_time.GetTimestamp());
        }

        _drawnLines = 0;
        _layers.Clear();
        _byId.Clear();
    }

    private void Footer(string text)
    {
        if (Quiet)
        {
            return;
        }

        Line(text);
    }

    private void Line(string text)
    {
        if (Quiet)
        {
            return;
        }

        lock (_gate)
        {
            FinishBlock();
            _output.Write(text + "\n");
            _output.Flush();
        }
    }

    private sealed class LayerState(string id)
    {
        public string Id { get; } = id;

        public bool IsNew { get; set; } = true;

        public PullPhase Phase { get; set; }

        public long Current { get; set; }

        public long Total { get; set; }

        public long PhaseStarted { get; set; }
    }
}
