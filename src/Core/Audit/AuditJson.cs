using System.Text.Json.Serialization;

namespace McpGateway.Core.Audit;

/// <summary>JSON of audit records (snake_case, nulls left out): the spool's lines, the admin API, the roles column.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(AuditRecord))]
public sealed partial class AuditJson : JsonSerializerContext;
