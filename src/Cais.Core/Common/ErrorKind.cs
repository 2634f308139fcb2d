namespace Cais.Common;

/// <summary>
/// The kind of a failure, carried across module boundaries instead of exception types.
/// The CLI maps kinds to exit codes and the API service to HTTP statuses, each in one place.
/// </summary>
public enum ErrorKind
{
    Unknown,
    NotFound,
    AlreadyExists,
    Conflict,
    InvalidArgument,
    FailedPrecondition,
    Unavailable,
    PermissionDenied,
    Unauthorized,
    NotImplemented,
    Canceled,
    DataLoss,
}
