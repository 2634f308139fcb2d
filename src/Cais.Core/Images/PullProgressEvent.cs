namespace Cais.Images;

public enum PullPhase { Resolving, Waiting, AlreadyExists, Downloading, Retrying, Verifying, DownloadComplete, Extracting, PullComplete }

public sealed record PullProgressEvent(string Id, PullPhase Phase, long Current, long Total);
