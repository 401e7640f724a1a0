using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Hello;

/// <summary>The Hello server's tools: <c>echo</c> and <c>sum</c>.</summary>
[McpServerToolType]
public sealed class HelloTools
{
    [McpServerTool(Name = "echo", Title = "Echo", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false,
        UseStructuredContent = true, OutputSchemaType = typeof(EchoResult))]
    [Description("Returns the given message unchanged, as text and as structured content {\"message\": ...}.")]
    public static CallToolResult Echo(
        [Description("The text to echo back.")] string message)
    {
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = message }],
            StructuredContent = JsonSerializer.SerializeToElement(new EchoResult(message), HelloJsonContext.Default.EchoResult),
        };
    }

    [McpServerTool(Name = "sum", Title = "Sum", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false,
        UseStructuredContent = true, OutputSchemaType = typeof(SumResult))]
    [Description("Adds the given numbers with exact decimal arithmetic and returns the total (e.g. [1.5, 2] gives 3.5).")]
    public static CallToolResult Sum(
        [Description("The numbers to add; an empty list sums to 0.")] decimal[] numbers)
    {
        decimal total = 0;
        try
        {
            foreach (var n in numbers)
            {
                total += n;
            }
        }
        catch (OverflowException)
        {
            throw new McpException("The sum is outside the supported decimal range.");
        }

        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = FormatNumber(total) }],
            StructuredContent = JsonSerializer.SerializeToElement(new SumResult(total), HelloJsonContext.Default.SumResult),
        };
    }

    /// <summary>Invariant, shortest exact form: 6, 3.5, -0.25 (no trailing zeros, no exponent).</summary>
    public static string FormatNumber(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>Output schema of <c>echo</c>.</summary>
    public sealed record EchoResult([property: Description("The echoed message.")] string Message);

    /// <summary>Output schema of <c>sum</c>.</summary>
    public sealed record SumResult([property: Description("The total of the numbers.")] decimal Sum);
}

/// <summary>Source-generated (camelCase) serialization of the structured tool results.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HelloTools.EchoResult))]
[JsonSerializable(typeof(HelloTools.SumResult))]
internal sealed partial class HelloJsonContext : JsonSerializerContext;
