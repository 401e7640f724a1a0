using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;

namespace McpGateway.Edge.Mcp;

/// <summary>Writes JSON-RPC responses straight to the HTTP response.</summary>
internal static class JsonRpcWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public static Task WriteResultAsync(HttpContext context, JsonNode? id, JsonNode result)
    {
        var body = JsonBytes.Write((id, result), static (writer, answer) =>
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            WriteId(writer, answer.id);
            writer.WritePropertyName("result");
            answer.result.WriteTo(writer);
            writer.WriteEndObject();
        }, WriterOptions);

        return SendAsync(context, StatusCodes.Status200OK, body);
    }

    /// <summary>
    /// Sends a complete JSON body with its Content-Length: one write, no chunked framing, so the client reads the
    /// whole answer at once.
    /// </summary>
    private static async Task SendAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, int httpStatus, JsonNode? id, GatewayError error, string? protocolVersion = null)
    {
        Http.RetryHeaders.Apply(context.Response, error);
        return WriteErrorAsync(context, httpStatus, id, JsonRpcErrors.Code(error, protocolVersion), error.Message, error.Data);
    }

    public static async Task WriteErrorAsync(HttpContext context, int httpStatus, JsonNode? id, int code, string message, JsonNode? data = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        var body = JsonBytes.Write((id, code, message, data), static (writer, error) =>
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            WriteId(writer, error.id);
            writer.WriteStartObject("error");
            writer.WriteNumber("code", error.code);
            writer.WriteString("message", error.message);
            if (error.data is not null)
            {
                writer.WritePropertyName("data");
                error.data.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }, WriterOptions);

        await SendAsync(context, httpStatus, body);
    }

    /// <summary>Answers with any JSON document (a batch's responses, a REST answer) in one write.</summary>
    public static Task WriteJsonAsync(HttpContext context, int status, JsonNode document)
    {
        var body = JsonBytes.Write(document, static (writer, json) => json.WriteTo(writer), WriterOptions);
        return SendAsync(context, status, body);
    }

    /// <summary>A JSON-RPC error message as an object (for event streams).</summary>
    public static JsonObject ErrorMessage(JsonNode? id, int code, string message, JsonNode? data)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (data is not null)
        {
            error["data"] = data.DeepClone();
        }

        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["error"] = error };
    }

    private static void WriteId(Utf8JsonWriter writer, JsonNode? id)
    {
        writer.WritePropertyName("id");
        if (id is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            id.WriteTo(writer);
        }
    }
}
