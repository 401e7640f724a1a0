using McpGateway.Tools.Hosting;
using McpGateway.Tools.Calculator.Units;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Calculator;

/// <summary>Identity and defaults of the Calculator demo server.</summary>
public static class CalculatorServer
{
    public const string Name = "calculator";
    public const string DefaultUrls = "http://127.0.0.1:9102";

    /// <summary>Registers the calculator tools (the unit ids are the <c>enum</c> of <c>convert_units</c>' <c>from</c> and <c>to</c>).</summary>
    public static IMcpServerBuilder ConfigureServer(IMcpServerBuilder server) => server.WithTools(CreateTools());

    /// <summary>The tools, with their schemas complete.</summary>
    public static IReadOnlyList<McpServerTool> CreateTools()
    {
        var tools = ToolSchemas.FromStaticMethods(typeof(CalculatorTools));
        ToolSchemas.RestrictToValues(tools.Single(t => t.ProtocolTool.Name == "convert_units"), UnitCatalog.Ids, "from", "to");
        return tools;
    }

    /// <summary>The category of the calculator's log messages.</summary>
    public sealed class LogCategory;

    /// <summary>Host identity and defaults.</summary>
    public static void Configure(McpToolServerOptions options)
    {
        options.ServerName = Name;
        options.ServerTitle = "Exact calculator";
        options.ServerVersion = typeof(CalculatorServer).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        options.Instructions = "Exact decimal arithmetic (numbers as decimal strings, rounding half-even to a stated number of "
            + "significant digits), descriptive statistics and unit conversions with exact factors.";
        options.DefaultUrls = DefaultUrls;
    }
}
