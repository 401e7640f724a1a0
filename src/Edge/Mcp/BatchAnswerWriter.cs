using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// Streams the answers of one JSON-RPC batch to the client as one JSON array, each answer as soon as it is its turn,
/// never holding the array in memory. The answers that carry their result take at most
/// <see cref="BatchLimits.MaxResponseBytes"/> bytes of the body (brackets and commas counted); from the first answer
/// that would go beyond, every answer is replaced by a short error (<see cref="JsonRpcErrors.BatchAnswerLimit"/>), so
/// the body is at most that limit plus one short error per message. The response starts with the first answer: a
/// batch that produces none is answered 202.
/// </summary>
internal sealed class BatchAnswerWriter(HttpContext http, long maxBytes)
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
    private static readonly byte[] Close = "]"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private long _written;

    /// <summary>Set once an answer did not fit: the requests of the batch not started yet are not run.</summary>
    public bool Full { get; private set; }

    /// <summary>Writes <paramref name="answer"/>, or the error that replaces it when it does not fit.</summary>
    public Task WriteAsync(JsonObject answer)
    {
        if (!Full)
        {
            Serialize(answer);

            // The closing bracket counts too.
            if (_written + _buffer.WrittenCount + 1 <= maxBytes)
            {
                return SendAsync();
            }

            Full = true;
        }

        Serialize(Refusal(answer["id"], started: true));
        return SendAsync();
    }

    /// <summary>Writes the error answering a request that was not run because the batch's answers are full.</summary>
    public Task WriteNotRunAsync(JsonNode? id)
    {
        Serialize(Refusal(id, started: false));
        return SendAsync();
    }

    /// <summary>Closes the array; answers 202 when the batch produced no answer.</summary>
    public async Task CompleteAsync()
    {
        if (_written == 0)
        {
            http.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        await http.Response.Body.WriteAsync(Close, http.RequestAborted);
    }

    private JsonObject Refusal(JsonNode? id, bool started)
    {
        var message = started
            ? $"The answer does not fit in the batch's limit of {maxBytes} bytes (GATEWAY_MAX_BATCH_RESPONSE_BYTES): the request was handled but its answer is left out; send it on its own"
            : $"Not run: the batch's answers reached their limit of {maxBytes} bytes (GATEWAY_MAX_BATCH_RESPONSE_BYTES); send this request on its own or in a smaller batch";
        return JsonRpcWriter.ErrorMessage(id, JsonRpcErrors.BatchAnswerLimit, message, new JsonObject
        {
            ["reason"] = "batch_response_limit",
            ["limitBytes"] = maxBytes,
            ["started"] = started,
        });
    }

    /// <summary>The answer with what goes before it in the array: <c>[</c> for the first, a comma for the others.</summary>
    private void Serialize(JsonNode answer)
    {
        _buffer.ResetWrittenCount();
        _buffer.Write(_written == 0 ? "["u8 : ","u8);
        using var writer = new Utf8JsonWriter(_buffer, WriterOptions);
        answer.WriteTo(writer);
    }

    private async Task SendAsync()
    {
        if (_written == 0)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json";
        }

        await http.Response.Body.WriteAsync(_buffer.WrittenMemory, http.RequestAborted);
        _written += _buffer.WrittenCount;
    }
}
