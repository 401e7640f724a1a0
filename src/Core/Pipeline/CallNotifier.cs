using System.Text.Json.Nodes;

namespace McpGateway.Core.Pipeline;

/// <summary>
/// Delivers a notification that a backend sent about a call in flight (progress, log messages) to the caller that made it.
/// </summary>
public delegate ValueTask CallNotifier(string method, JsonObject parameters);
