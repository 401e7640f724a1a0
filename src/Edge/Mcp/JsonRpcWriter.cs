using System.Buffers;
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
        var body = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            WriteId(writer, id);
            writer.WritePropertyName("result");
            result.WriteTo(writer);
            writer.WriteEndObject();
        }

        return SendAsync(context, StatusCodes.Status200OK, body);
    }

    /// <summary>
    /// Sends a complete JSON body with its Content-Length: one write, no chunked framing, so the client reads the
    /// whole answer at once.
    /// </summary>
    private static async Task SendAsync(HttpContext context, int status, ArrayBufferWriter<byte> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.WrittenCount;
        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
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

        var body = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            WriteId(writer, id);
            writer.WriteStartObject("error");
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            if (data is not null)
            {
                writer.WritePropertyName("data");
                data.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await SendAsync(context, httpStatus, body);
    }

    /// <summary>Answers with any JSON document (a batch's responses, a REST answer) in one write.</summary>
    public static Task WriteJsonAsync(HttpContext context, int status, JsonNode document)
    {
        var body = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            document.WriteTo(writer);
        }

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
