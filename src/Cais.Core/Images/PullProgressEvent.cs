namespace Cais.Images;

/// <summary>Progress of one pull item.</summary>
/// <param name="Id">Short layer id (12 hex chars) or the reference being resolved.</param>
/// <param name="Phase">Current stage.</param>
/// <param name="Current">Bytes done in this phase (downloaded or extracted).</param>
/// <param name="Total">Total bytes for this phase, or 0 when unknown.</param>
public sealed record PullProgressEvent(string Id, PullPhase Phase, long Current, long Total);
