using System.Text.Json.Serialization;

namespace McpGateway.Tools.Calculator;

/// <summary>Source-generated (camelCase) serialization of the structured tool results.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CalculatorTools.CalculationResult))]
[JsonSerializable(typeof(CalculatorTools.StatisticsResult))]
[JsonSerializable(typeof(CalculatorTools.ConversionResult))]
internal sealed partial class CalculatorJsonContext : JsonSerializerContext;
