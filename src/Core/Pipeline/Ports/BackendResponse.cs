using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace McpGateway.Core.Pipeline.Ports;

/// <summary>
/// What one request to a backend came to, as data: the backend's result (passed on unchanged), or the
/// <see cref="BackendFailure"/> that stopped it. Every connector answers with one of these, whatever its transport;
/// it throws only <see cref="OperationCanceledException"/> when the caller's token is cancelled, and for bugs.
/// </summary>
public sealed class BackendResponse
{
    private BackendResponse(JsonNode? result, BackendFailure? failure)
    {
        Result = result;
        Failure = failure;
    }

    /// <summary>The backend's result; null when it failed.</summary>
    public JsonNode? Result { get; }

    /// <summary>Why there is no result; null when there is one.</summary>
    public BackendFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Result))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsSuccess => Failure is null;

    public static BackendResponse Success(JsonNode result) => new(result, null);

    public static implicit operator BackendResponse(BackendFailure failure) => new(null, failure);
}
