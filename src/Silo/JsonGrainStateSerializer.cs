using System.Text.Json;
using Orleans.Storage;

namespace McpGateway.Silo;

/// <summary>
/// Grain state in the database as plain UTF-8 JSON (System.Text.Json, web defaults) instead of Orleans' default
/// Newtonsoft format with <c>$type</c> annotations: readable with SQL, independent of .NET type names, and only the
/// state records' own properties are stored.
/// </summary>
internal sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T? Deserialize<T>(BinaryData input) => input.ToMemory().IsEmpty ? default : JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options);
}
