using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Provider.V1;

namespace McpGateway.Upstreams.Grpc;

/// <summary>Turns the provider's protobuf messages into MCP's JSON shapes and MCP params into protobuf requests.</summary>
internal static partial class ProviderMapping
{
    /// <summary>The versioned tool naming rule: <c>&lt;tool&gt;.v&lt;N&gt;</c> (docs/mcp-surface.md).</summary>
    public static bool IsVersionedName(string name) => VersionedName().IsMatch(name);

    /// <summary>The tool's MCP definition, or the reason it is left out.</summary>
    public static (JsonObject? Tool, string? Problem) Tool(ToolDefinition definition)
    {
        if (!IsVersionedName(definition.Name))
        {
            return (null, "its name does not follow the rule <tool>.v<N> (e.g. echo.v1)");
        }

        if (ParseObject(definition.InputSchemaJson) is not { } input)
        {
            return (null, "input_schema_json is not a JSON object");
        }

        var tool = new JsonObject { ["name"] = definition.Name };
        SetIfAny(tool, "title", definition.Title);
        SetIfAny(tool, "description", definition.Description);
        tool["inputSchema"] = input;
        if (definition.OutputSchemaJson.Length > 0)
        {
            if (ParseObject(definition.OutputSchemaJson) is not { } output)
            {
                return (null, "output_schema_json is not a JSON object");
            }

            tool["outputSchema"] = output;
        }

        if (definition.Annotations is { } a)
        {
            var annotations = new JsonObject();
            if (a.HasReadOnly) { annotations["readOnlyHint"] = a.ReadOnly; }
            if (a.HasDestructive) { annotations["destructiveHint"] = a.Destructive; }
            if (a.HasIdempotent) { annotations["idempotentHint"] = a.Idempotent; }
            if (a.HasOpenWorld) { annotations["openWorldHint"] = a.OpenWorld; }
            if (annotations.Count > 0)
            {
                tool["annotations"] = annotations;
            }
        }

        return (tool, null);
    }

    public static JsonObject Resource(ResourceDefinition definition, ProviderResourceUris uris)
    {
        var resource = new JsonObject { ["uri"] = uris.Expose(definition.Uri), ["name"] = definition.Name.Length > 0 ? definition.Name : definition.Uri };
        SetIfAny(resource, "title", definition.Title);
        SetIfAny(resource, "description", definition.Description);
        SetIfAny(resource, "mimeType", definition.MimeType);
        return resource;
    }

    public static JsonObject Prompt(PromptDefinition definition)
    {
        var prompt = new JsonObject { ["name"] = definition.Name };
        SetIfAny(prompt, "title", definition.Title);
        SetIfAny(prompt, "description", definition.Description);
        var arguments = new JsonArray();
        foreach (var argument in definition.Arguments)
        {
            var item = new JsonObject { ["name"] = argument.Name, ["required"] = argument.Required };
            SetIfAny(item, "description", argument.Description);
            arguments.Add(item);
        }

        prompt["arguments"] = arguments;
        return prompt;
    }

    public static JsonObject CallResult(InvokeResponse response, ProviderResourceUris uris)
    {
        var result = new JsonObject { ["content"] = Contents(response.Content, uris) };
        if (response.StructuredContentJson.Length > 0)
        {
            result["structuredContent"] = ParseObject(response.StructuredContentJson)
                ?? throw new ProviderAnswerException("structured_content_json is not a JSON object");
        }

        if (response.IsError)
        {
            result["isError"] = true;
        }

        return result;
    }

    public static JsonObject ReadResult(ReadResourceResponse response, ProviderResourceUris uris)
    {
        var contents = new JsonArray();
        foreach (var item in response.Contents)
        {
            var entry = new JsonObject { ["uri"] = uris.Expose(item.Uri) };
            SetIfAny(entry, "mimeType", item.MimeType);
            if (item.BodyCase == ResourceContents.BodyOneofCase.Blob)
            {
                entry["blob"] = Convert.ToBase64String(item.Blob.Span);
            }
            else
            {
                entry["text"] = item.Text;
            }

            contents.Add(entry);
        }

        return new JsonObject { ["contents"] = contents };
    }

    public static JsonObject PromptResult(GetPromptResponse response, ProviderResourceUris uris)
    {
        var messages = new JsonArray();
        foreach (var message in response.Messages)
        {
            if (message.Role is not ("user" or "assistant"))
            {
                throw new ProviderAnswerException($"a prompt message has the role '{message.Role}' (user or assistant)");
            }

            messages.Add(new JsonObject { ["role"] = message.Role, ["content"] = Content(message.Content ?? new Content { Text = string.Empty }, uris) });
        }

        var result = new JsonObject { ["messages"] = messages };
        SetIfAny(result, "description", response.Description);
        return result;
    }

    /// <summary>The prompt's arguments as strings (MCP prompt arguments are strings; other JSON is passed as its text).</summary>
    public static Dictionary<string, string> PromptArguments(JsonNode? arguments)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (arguments is JsonObject map)
        {
            foreach (var (name, value) in map)
            {
                result[name] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
            }
        }

        return result;
    }

    private static JsonArray Contents(IEnumerable<Content> contents, ProviderResourceUris uris)
    {
        var array = new JsonArray();
        foreach (var content in contents)
        {
            array.Add(Content(content, uris));
        }

        return array;
    }

    private static JsonObject Content(Content content, ProviderResourceUris uris) => content.KindCase switch
    {
        Provider.V1.Content.KindOneofCase.Text => new JsonObject { ["type"] = "text", ["text"] = content.Text },
        Provider.V1.Content.KindOneofCase.Image => Media("image", content.Image),
        Provider.V1.Content.KindOneofCase.Audio => Media("audio", content.Audio),
        Provider.V1.Content.KindOneofCase.ResourceLink => ResourceLink(content.ResourceLink, uris),
        _ => throw new ProviderAnswerException("a content block has no kind"),
    };

    private static JsonObject Media(string type, Media media) =>
        new() { ["type"] = type, ["data"] = Convert.ToBase64String(media.Data.Span), ["mimeType"] = media.MimeType };

    private static JsonObject ResourceLink(ResourceLink link, ProviderResourceUris uris)
    {
        var item = new JsonObject { ["type"] = "resource_link", ["uri"] = uris.Expose(link.Uri), ["name"] = link.Name.Length > 0 ? link.Name : link.Uri };
        SetIfAny(item, "mimeType", link.MimeType);
        return item;
    }

    private static JsonObject? ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void SetIfAny(JsonObject target, string key, string value)
    {
        if (value.Length > 0)
        {
            target[key] = value;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.v[0-9]+$")]
    private static partial Regex VersionedName();
}

/// <summary>A provider's answer that breaks the contract (e.g. structured content that is not JSON).</summary>
internal sealed class ProviderAnswerException(string message) : Exception(message);
