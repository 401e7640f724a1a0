using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Core.Approvals;

/// <summary>
/// SHA-256 of a tool name and its arguments in a canonical form (object members sorted by name, no whitespace):
/// the same call hashes the same however its JSON was written, and any other argument value hashes differently.
/// </summary>
public static class CallFingerprint
{
    public static string Of(string tool, JsonObject? arguments)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(tool);
            Audit.JsonDigest.WriteCanonical(writer, arguments ?? []);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>The arguments as JSON text, as stored with an approval.</summary>
    public static string Text(JsonObject? arguments) => arguments?.ToJsonString() ?? "{}";
}
