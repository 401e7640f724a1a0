namespace McpGateway.Core.Jobs;

/// <summary>How a job was asked for.</summary>
public enum JobOrigin
{
    /// <summary><c>POST /mcp/invoke</c> with <c>"async": true</c>, or a long-running tool over REST.</summary>
    Rest,

    /// <summary>An MCP <c>tools/call</c> of a long-running tool by a client that did not ask for a task: answered with a job handle.</summary>
    Mcp,

    /// <summary>An MCP task: a 2025-11-25 task-augmented call, or a 2026-07-28 client with the tasks extension.</summary>
    Task,
}
