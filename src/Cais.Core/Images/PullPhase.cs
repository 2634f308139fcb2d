namespace Cais.Images;

/// <summary>Stage of one layer (or of the reference itself) during a pull, in the order docker reports them.</summary>
public enum PullPhase
{
    Resolving,
    Waiting,
    AlreadyExists,
    Downloading,
    Retrying,
    Verifying,
    DownloadComplete,
    Extracting,
    PullComplete,
}
