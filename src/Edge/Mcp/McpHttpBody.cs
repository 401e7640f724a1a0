using System.Buffers;
using System.IO.Pipelines;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Hosting;
using Microsoft.Net.Http.Headers;

namespace McpGateway.Edge.Mcp;

/// <summary>Checks the content negotiation of an MCP POST and reads its body within the size limit.</summary>
internal static class McpHttpBody
{
    /// <summary>Null when the headers are acceptable, else the status and message to answer with.</summary>
    public static (int Status, string Message)? CheckHeaders(HttpRequest request)
    {
        if (!IsJson(request))
        {
            return (StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type: Content-Type must be application/json");
        }

        if (!Accepts(request, "application/json") || !Accepts(request, "text/event-stream"))
        {
            return (StatusCodes.Status406NotAcceptable, "Not Acceptable: the Accept header must list application/json and text/event-stream");
        }

        return null;
    }

    /// <summary>Whether the body is declared as <c>application/json</c> (parameters such as charset allowed).</summary>
    public static bool IsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
        && contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    public static bool Accepts(HttpRequest request, string mediaType)
    {
        var accept = request.GetTypedHeaders().Accept;
        return accept.Any(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)
            || a.MediaType.Equals("*/*", StringComparison.Ordinal)
            || (a.MediaType.Value is { } value && value.EndsWith("/*", StringComparison.Ordinal)
                && mediaType.StartsWith(value[..^1], StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// Reads the whole body, refusing more than <see cref="GatewayOptions.MaxBodyBytes"/>, and a body not received within
    /// the body-read deadline (<see cref="Http.BodyReadDeadline"/>) or Kestrel's minimum data rate (408).
    /// </summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        var reader = request.BodyReader;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await reader.ReadAsync(cancellationToken);
            }
            catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                throw TooLarge(limit);
            }
            catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status408RequestTimeout)
            {
                throw new GatewayException(new GatewayError(GatewayErrorKind.RequestTimeout, exception.Message));
            }

            if (read.Buffer.Length > limit)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                throw TooLarge(limit);
            }

            if (read.IsCompleted)
            {
                var body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return body;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static GatewayException TooLarge(long limit) =>
        new(new GatewayError(GatewayErrorKind.PayloadTooLarge, $"Payload Too Large: the body exceeds {limit} bytes"));
}
