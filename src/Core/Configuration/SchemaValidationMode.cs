namespace McpGateway.Core.Configuration;

/// <summary>What the gateway does when a call's arguments or a tool's structured result do not match its JSON Schema.</summary>
public enum SchemaValidationMode
{
    /// <summary>Invalid arguments are refused (-32602) before the backend is called; a non-conforming result becomes a tool error.</summary>
    Enforce,

    /// <summary>Mismatches are logged; the call and the result go through unchanged.</summary>
    Warn,

    /// <summary>No checks.</summary>
    Off,
}
