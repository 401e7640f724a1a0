namespace McpGateway.Edge.Identity.Jwt;

/// <summary>Why a bearer token was refused. Logged by name; never carries the token.</summary>
internal enum JwtFailure
{
    None,
    Missing,
    TooLarge,
    Malformed,
    Encrypted,
    AlgorithmNone,
    AlgorithmNotAllowed,
    ForbiddenHeader,
    CriticalHeader,
    NoMatchingKey,
    KeyMismatch,
    BadSignature,
    Expired,
    NotYetValid,
    MissingClaim,
    IssuedInFuture,
    TooOld,
    WrongIssuer,
    WrongAudience,
    ApiVersionNotAllowed,
    KeysUnavailable,
}
