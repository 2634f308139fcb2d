namespace Cais.Api;

/// <summary>Go's struct{}: the value of a set's members, written as {}.</summary>
public sealed record EmptyObject;
