using ModelContextProtocol;

namespace McpGateway.Tools.Calculator.Numbers;

/// <summary>A calculation the caller asked for that cannot be done (bad number, division by zero, too many digits).</summary>
public sealed class CalculationException(string message) : McpException(message);
