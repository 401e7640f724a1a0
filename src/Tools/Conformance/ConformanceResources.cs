using System.Collections.Concurrent;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Conformance;

/// <summary>The <c>test://</c> resources and the resource template of the conformance scenarios.</summary>
public static class ConformanceResources
{
    public const string TemplatePrefix = "test://template/";

    private static readonly ConcurrentDictionary<string, byte> Subscribed = new(StringComparer.Ordinal);

    private static readonly ListResourcesResult Resources = Json.Parse<ListResourcesResult>("""
        { "resources": [
          { "uri": "test://static-text", "name": "static-text", "description": "A static text resource", "mimeType": "text/plain" },
          { "uri": "test://static-binary", "name": "static-binary", "description": "A static binary resource (PNG)", "mimeType": "image/png" },
          { "uri": "test://watched-resource", "name": "watched-resource", "description": "A resource that can be subscribed to", "mimeType": "text/plain" },
          { "uri": "test://example-resource", "name": "example-resource", "description": "A resource to embed in prompts", "mimeType": "text/plain" }
        ] }
        """);

    private static readonly ListResourceTemplatesResult Templates = Json.Parse<ListResourceTemplatesResult>("""
        { "resourceTemplates": [
          { "uriTemplate": "test://template/{id}/data", "name": "template", "description": "Data for an id", "mimeType": "application/json" }
        ] }
        """);

    public static ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Resources);

    public static ValueTask<ListResourceTemplatesResult> ListTemplatesAsync(RequestContext<ListResourceTemplatesRequestParams> context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Templates);

    public static ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> context, CancellationToken cancellationToken)
    {
        var uri = context.Params?.Uri ?? throw new ArgumentException("uri is required");
        ResourceContents contents = uri switch
        {
            "test://static-text" => new TextResourceContents { Uri = uri, MimeType = "text/plain", Text = "This is the content of the static text resource." },
            "test://static-binary" => BlobResourceContents.FromBytes(Convert.FromBase64String(ConformanceTools.RedPixelPng), uri, "image/png"),
            "test://watched-resource" => new TextResourceContents { Uri = uri, MimeType = "text/plain", Text = "Watched resource content." },
            "test://example-resource" => new TextResourceContents { Uri = uri, MimeType = "text/plain", Text = "Example resource content." },
            _ when TemplateId(uri) is { } id => new TextResourceContents
            {
                Uri = uri,
                MimeType = "application/json",
                Text = $$"""{"id":"{{id}}","templateTest":true,"data":"Data for ID: {{id}}"}""",
            },
            _ => throw new McpProtocolException($"Resource not found: {uri}", McpErrorCode.InvalidParams),
        };
        return ValueTask.FromResult(new ReadResourceResult { Contents = [contents] });
    }

    public static ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> context, CancellationToken cancellationToken)
    {
        Subscribed[context.Params?.Uri ?? throw new ArgumentException("uri is required")] = 0;
        return ValueTask.FromResult(new EmptyResult());
    }

    public static ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> context, CancellationToken cancellationToken)
    {
        Subscribed.TryRemove(context.Params?.Uri ?? throw new ArgumentException("uri is required"), out _);
        return ValueTask.FromResult(new EmptyResult());
    }

    private static string? TemplateId(string uri) =>
        uri.StartsWith(TemplatePrefix, StringComparison.Ordinal) && uri.EndsWith("/data", StringComparison.Ordinal)
            && uri[TemplatePrefix.Length..^"/data".Length] is { Length: > 0 } id && !id.Contains('/')
            ? id
            : null;
}
