namespace McpGateway.Core.Pipeline;

/// <summary>The operations that reach a backend and so pass through the pipeline.</summary>
public enum CallKind
{
    ToolCall,
    PromptGet,
    ResourceRead,
    Completion,
}

public static class CallKindExtensions
{
    /// <summary>The MCP method of the call.</summary>
    public static string Method(this CallKind kind) => kind switch
    {
        CallKind.ToolCall => "tools/call",
        CallKind.PromptGet => "prompts/get",
        CallKind.ResourceRead => "resources/read",
        CallKind.Completion => "completion/complete",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
