using System.Text.Json;
using System.Text.Json.Serialization;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Jobs;

/// <summary>
/// A job as JSON text: how it crosses grain calls. Errors are kept in the shape of
/// <see cref="JobErrorJson"/>; params and results exactly as they were.
/// </summary>
public static class JobCodec
{
    public static readonly JsonSerializerOptions Options = Create();

    public static string Write(Job job) => JsonSerializer.Serialize(job, Options);

    public static Job Read(string json) => JsonSerializer.Deserialize<Job>(json, Options) ?? throw new JsonException("A job cannot be null");

    public static string Write(JobEvent e) => JsonSerializer.Serialize(e, Options);

    public static JobEvent ReadEvent(string json) => JsonSerializer.Deserialize<JobEvent>(json, Options) ?? throw new JsonException("An event cannot be null");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new ErrorConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    /// <summary>A <see cref="GatewayError"/> as <see cref="JobErrorJson"/> writes it.</summary>
    public sealed class ErrorConverter : JsonConverter<GatewayError>
    {
        public override GatewayError Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return JobErrorJson.Read(document.RootElement.GetRawText());
        }

        public override void Write(Utf8JsonWriter writer, GatewayError value, JsonSerializerOptions options)
        {
            using var document = JsonDocument.Parse(JobErrorJson.Write(value));
            document.RootElement.WriteTo(writer);
        }
    }
}
