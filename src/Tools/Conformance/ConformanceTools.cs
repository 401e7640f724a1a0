using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Conformance;

/// <summary>The <c>test_*</c> tools of the conformance scenarios.</summary>
public static class ConformanceTools
{
    public const string RedPixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    public const string SilentWav = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=";

    private const string NoArguments = """{ "type": "object", "properties": {} }""";

    private static readonly ListToolsResult Tools = Json.Parse<ListToolsResult>($$"""
        { "tools": [
          { "name": "test_simple_text", "description": "Returns simple text", "inputSchema": {{NoArguments}} },
          { "name": "test_image_content", "description": "Returns an image", "inputSchema": {{NoArguments}} },
          { "name": "test_audio_content", "description": "Returns audio", "inputSchema": {{NoArguments}} },
          { "name": "test_embedded_resource", "description": "Returns an embedded resource", "inputSchema": {{NoArguments}} },
          { "name": "test_multiple_content_types", "description": "Returns text, image and resource", "inputSchema": {{NoArguments}} },
          { "name": "test_tool_with_logging", "description": "Logs three messages while running", "inputSchema": {{NoArguments}} },
          { "name": "test_error_handling", "description": "Always fails", "inputSchema": {{NoArguments}} },
          { "name": "test_tool_with_progress", "description": "Reports progress 0, 50, 100", "inputSchema": {{NoArguments}} },
          { "name": "test_sampling", "description": "Asks the client's LLM",
            "inputSchema": { "type": "object", "properties": { "prompt": { "type": "string" } }, "required": ["prompt"] } },
          { "name": "test_elicitation", "description": "Asks the user",
            "inputSchema": { "type": "object", "properties": { "message": { "type": "string" } }, "required": ["message"] } },
          { "name": "test_elicitation_sep1034_defaults", "description": "Elicitation with defaults (SEP-1034)", "inputSchema": {{NoArguments}} },
          { "name": "test_elicitation_sep1330_enums", "description": "Elicitation with enum schemas (SEP-1330)", "inputSchema": {{NoArguments}} },
          { "name": "test_reconnection", "description": "Answers after a short pause (SSE polling scenario)", "inputSchema": {{NoArguments}} },
          { "name": "test_roots", "description": "Asks the client for its roots", "inputSchema": {{NoArguments}} },
          { "name": "test_client_capabilities", "description": "Returns the client capabilities this server sees", "inputSchema": {{NoArguments}} },
          { "name": "test_sampling_unchecked", "description": "Asks the client's LLM without checking its capabilities", "inputSchema": {{NoArguments}} },
          { "name": "test_sampling_cancelled", "description": "Asks the client's LLM, then cancels the request", "inputSchema": {{NoArguments}} },
          {{LoggingTools.Definitions}},
          { "name": "test_wait_until_cancelled", "description": "Holds the call open until it is cancelled (at most two minutes)",
            "inputSchema": { "type": "object", "properties": { "tag": { "type": "string" } }, "required": ["tag"] } },
          { "name": "test_call_state", "description": "What became of test_wait_until_cancelled calls with this tag: running, cancelled, timed out",
            "inputSchema": { "type": "object", "properties": { "tag": { "type": "string" } }, "required": ["tag"] } },
          { "name": "json_schema_2020_12_tool", "description": "Tool with JSON Schema 2020-12 features",
            "inputSchema": {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "$defs": { "address": { "type": "object", "properties": { "street": { "type": "string" }, "city": { "type": "string" } } } },
              "properties": { "name": { "type": "string" }, "address": { "$ref": "#/$defs/address" } },
              "additionalProperties": false } }
        ] }
        """);

    private const string Sep1034Schema = """
        { "type": "object", "properties": {
            "name": { "type": "string", "description": "User name", "default": "John Doe" },
            "age": { "type": "integer", "description": "User age", "default": 30 },
            "score": { "type": "number", "description": "User score", "default": 95.5 },
            "status": { "type": "string", "description": "User status", "enum": ["active", "inactive", "pending"], "default": "active" },
            "verified": { "type": "boolean", "description": "Verification status", "default": true } } }
        """;

    private const string Sep1330Schema = """
        { "type": "object", "properties": {
            "untitledSingle": { "type": "string", "enum": ["option1", "option2", "option3"] },
            "titledSingle": { "type": "string", "oneOf": [
              { "const": "value1", "title": "First Option" }, { "const": "value2", "title": "Second Option" }, { "const": "value3", "title": "Third Option" } ] },
            "legacyEnum": { "type": "string", "enum": ["opt1", "opt2", "opt3"], "enumNames": ["Option One", "Option Two", "Option Three"] },
            "untitledMulti": { "type": "array", "items": { "type": "string", "enum": ["option1", "option2", "option3"] } },
            "titledMulti": { "type": "array", "items": { "anyOf": [
              { "const": "value1", "title": "First Choice" }, { "const": "value2", "title": "Second Choice" }, { "const": "value3", "title": "Third Choice" } ] } } } }
        """;

    public static ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Tools);

    public static async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var parameters = context.Params ?? throw new ArgumentException("params are required");
        var arguments = parameters.Arguments ?? new Dictionary<string, JsonElement>();
        return parameters.Name switch
        {
            "test_simple_text" => Text("This is a simple text response for testing."),
            "test_image_content" => Content($$"""[{ "type": "image", "data": "{{RedPixelPng}}", "mimeType": "image/png" }]"""),
            "test_audio_content" => Content($$"""[{ "type": "audio", "data": "{{SilentWav}}", "mimeType": "audio/wav" }]"""),
            "test_embedded_resource" => Content("""
                [{ "type": "resource", "resource": { "uri": "test://embedded-resource", "mimeType": "text/plain", "text": "This is an embedded resource content." } }]
                """),
            "test_multiple_content_types" => Content($$"""
                [{ "type": "text", "text": "Multiple content types test:" },
                 { "type": "image", "data": "{{RedPixelPng}}", "mimeType": "image/png" },
                 { "type": "resource", "resource": { "uri": "test://mixed-content-resource", "mimeType": "application/json", "text": "{\"test\":\"data\",\"value\":123}" } }]
                """),
            "test_tool_with_logging" => await WithLoggingAsync(context.Server, cancellationToken),
            "test_error_handling" => new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "This tool intentionally returns an error for testing" }] },
            "test_tool_with_progress" => await WithProgressAsync(context.Server, parameters.ProgressToken, cancellationToken),
            "test_sampling" => await SamplingAsync(context, StringArgument(arguments, "prompt"), cancellationToken),
            "test_elicitation" => await ElicitAsync(context, StringArgument(arguments, "message"), """
                { "type": "object", "properties": {
                    "username": { "type": "string", "description": "User's response" },
                    "email": { "type": "string", "description": "User's email address" } },
                  "required": ["username", "email"] }
                """, "User response: ", cancellationToken),
            "test_elicitation_sep1034_defaults" => await ElicitAsync(
                context, "Test client default value handling - please accept with defaults", Sep1034Schema, "Elicitation completed: ", cancellationToken),
            "test_elicitation_sep1330_enums" => await ElicitAsync(
                context, "Test enum schema variants - please choose", Sep1330Schema, "Elicitation completed: ", cancellationToken),
            "test_reconnection" => await ReconnectionAsync(cancellationToken),
            "test_roots" => await RootsAsync(context, cancellationToken),
            "test_client_capabilities" => Text(context.Server.ClientCapabilities is { } capabilities ? Json.Text(capabilities) : "{}"),
            "test_sampling_unchecked" => await SamplingUncheckedAsync(context, cancellationToken),
            "test_sampling_cancelled" => await SamplingCancelledAsync(context, cancellationToken),
            LoggingTools.Levels => await LoggingTools.LevelsAsync(context.Server, OptionalString(arguments, "marker"), cancellationToken),
            LoggingTools.AfterCall => LoggingTools.AfterCallAsync(context.Server, OptionalString(arguments, "marker")),
            "test_wait_until_cancelled" => await WaitUntilCancelledAsync(StringArgument(arguments, "tag"), cancellationToken),
            "test_call_state" => Text(CallStates.TryGetValue(StringArgument(arguments, "tag"), out var state) ? state : "unknown"),
            "json_schema_2020_12_tool" => Text("Received: " + JsonSerializer.Serialize(arguments)),
            _ => new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = $"Unknown tool: {parameters.Name}" }] },
        };
    }

    /// <summary>The state of each <c>test_wait_until_cancelled</c> call, by tag, for the whole process (every session and transport).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> CallStates = new(StringComparer.Ordinal);

    /// <summary>Holds the call until its request is cancelled (<c>notifications/cancelled</c>, or the HTTP request aborted).</summary>
    private static async Task<CallToolResult> WaitUntilCancelledAsync(string tag, CancellationToken cancellationToken)
    {
        CallStates[tag] = "running";
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(2), TimeProvider.System, cancellationToken);
            CallStates[tag] = "timed out";
            return Text("Not cancelled within two minutes");
        }
        catch (OperationCanceledException)
        {
            CallStates[tag] = "cancelled";
            throw;
        }
    }

    private static async Task<CallToolResult> WithLoggingAsync(McpServer server, CancellationToken cancellationToken)
    {
        string[] messages = ["Tool execution started", "Tool processing data", "Tool execution completed"];
        for (var i = 0; i < messages.Length; i++)
        {
            if (i > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
            }

            if (server.LoggingLevel is not { } level || level <= LoggingLevel.Info)
            {
                await server.SendNotificationAsync(
                    NotificationMethods.LoggingMessageNotification,
                    new LoggingMessageNotificationParams { Level = LoggingLevel.Info, Logger = "conformance", Data = JsonSerializer.SerializeToElement(messages[i]) },
                    cancellationToken: cancellationToken);
            }
        }

        return Text("Tool with logging executed successfully");
    }

    private static async Task<CallToolResult> WithProgressAsync(McpServer server, ProgressToken? token, CancellationToken cancellationToken)
    {
        foreach (var progress in new[] { 0, 50, 100 })
        {
            if (progress > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
            }

            if (token is { } t)
            {
                await server.NotifyProgressAsync(t, new ProgressNotificationValue { Progress = progress, Total = 100, Message = $"Progress {progress}/100" }, cancellationToken: cancellationToken);
            }
        }

        return Text("Tool with progress executed successfully");
    }

    private static async Task<CallToolResult> SamplingAsync(RequestContext<CallToolRequestParams> context, string prompt, CancellationToken cancellationToken)
    {
        if (context.Server.ClientCapabilities?.Sampling is null)
        {
            return Error("The client does not support sampling");
        }

        var result = await AskClientAsync(context, "sampling", RequestMethods.SamplingCreateMessage, SamplingRequest(prompt), cancellationToken);
        return Text("LLM response: " + result.ToJsonString());
    }

    private static async Task<CallToolResult> ElicitAsync(
        RequestContext<CallToolRequestParams> context, string message, string schema, string prefix, CancellationToken cancellationToken)
    {
        if (context.Server.ClientCapabilities?.Elicitation is null)
        {
            return Error("The client does not support elicitation");
        }

        var result = await AskClientAsync(context, "elicitation", RequestMethods.ElicitationCreate, new JsonObject
        {
            ["message"] = message,
            ["requestedSchema"] = JsonNode.Parse(schema),
        }, cancellationToken);
        return Text(prefix + result.ToJsonString());
    }

    private static async Task<CallToolResult> RootsAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        if (context.Server.ClientCapabilities?.Roots is null)
        {
            return Error("The client does not support roots");
        }

        var result = await AskClientAsync(context, "roots", RequestMethods.RootsList, [], cancellationToken);
        return Text("Roots: " + result.ToJsonString());
    }

    /// <summary>Asks for sampling whatever the client declared; a refusal is reported in the result.</summary>
    private static async Task<CallToolResult> SamplingUncheckedAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        try
        {
            var result = await AskClientAsync(context, "sampling", RequestMethods.SamplingCreateMessage, SamplingRequest("unchecked"), cancellationToken);
            return Text("LLM response: " + result.ToJsonString());
        }
        catch (McpProtocolException exception)
        {
            return Error($"Sampling refused: {(int)exception.ErrorCode} {exception.Message}");
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or InputRequiredException))
        {
            return Error($"Sampling failed: {exception.GetType().Name} {exception.Message}");
        }
    }

    /// <summary>Asks for sampling and gives up after a moment, telling the client with notifications/cancelled.</summary>
    private static async Task<CallToolResult> SamplingCancelledAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var id = new RequestId("sampling-" + Guid.NewGuid().ToString("N"));
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await context.Server.SendRequestAsync(
                new JsonRpcRequest { Id = id, Method = RequestMethods.SamplingCreateMessage, Params = SamplingRequest("cancelled") }, giveUp.Token);
            return Text("The client answered before the request was cancelled");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await context.Server.SendNotificationAsync(
                NotificationMethods.CancelledNotification,
                new JsonObject { ["requestId"] = id.ToString(), ["reason"] = "No answer needed any more" },
                cancellationToken: cancellationToken);
            return Text("Sampling request cancelled");
        }
    }

    private static JsonObject SamplingRequest(string prompt) => new()
    {
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonObject { ["type"] = "text", ["text"] = prompt } }),
        ["maxTokens"] = 100,
    };

    /// <summary>
    /// Asks the client (sampling, elicitation, roots): a server-to-client request on session revisions; under 2026-07-28 a
    /// multi-round-trip request: the first round answers input_required, the retry carries the client's answer.
    /// </summary>
    private static async Task<JsonNode> AskClientAsync(
        RequestContext<CallToolRequestParams> context, string key, string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        if (IsStatelessRevision(context))
        {
            if (context.Params?.InputResponses?.TryGetValue(key, out var answer) == true)
            {
                return JsonNode.Parse(answer.RawValue.GetRawText())!;
            }

            throw new InputRequiredException(
                new Dictionary<string, InputRequest> { [key] = Json.To<InputRequest>(new JsonObject { ["method"] = method, ["params"] = parameters }) },
                requestState: null);
        }

        var response = await context.Server.SendRequestAsync(new JsonRpcRequest { Method = method, Params = parameters }, cancellationToken);
        return response.Result ?? new JsonObject();
    }

    /// <summary>Whether the request came under 2026-07-28, which asks the client with multi-round-trip requests.</summary>
    private static bool IsStatelessRevision(RequestContext<CallToolRequestParams> context) =>
        context.JsonRpcRequest.Context?.ProtocolVersion is { } version && string.CompareOrdinal(version, "2026-07-28") >= 0;

    private static async Task<CallToolResult> ReconnectionAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken);
        return Text("Reconnection test completed successfully");
    }

    private static string StringArgument(IDictionary<string, JsonElement> arguments, string name) =>
        arguments.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ArgumentException($"'{name}' must be a string");

    private static string OptionalString(IDictionary<string, JsonElement> arguments, string name) =>
        arguments.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    private static CallToolResult Error(string text) => new() { IsError = true, Content = [new TextContentBlock { Text = text }] };

    private static CallToolResult Content(string json) => Json.To<CallToolResult>(new JsonObject { ["content"] = JsonNode.Parse(json) });
}
