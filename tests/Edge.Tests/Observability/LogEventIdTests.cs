using System.Reflection;
using Microsoft.Extensions.Logging;

namespace McpGateway.Edge.Tests.Observability;

/// <summary>Log event ids are stable and identify one message: no two <c>[LoggerMessage]</c> methods of the gateway share one.</summary>
public sealed class LogEventIdTests
{
    private static readonly Assembly[] GatewayAssemblies =
    [
        typeof(McpGateway.Edge.Hosting.GatewayApp).Assembly,
        typeof(Core.Configuration.ToolsConfig).Assembly,
        typeof(Upstreams.Connections.BackendPool).Assembly,
        typeof(Storage.Embedded.EmbeddedStorageServiceCollectionExtensions).Assembly,
        typeof(Storage.Postgres.PostgresStorageServiceCollectionExtensions).Assembly,
        typeof(Silo.Admission.OrleansAdmissionEngine).Assembly,
        typeof(Grains.GrainStorage).Assembly,
        typeof(JsonSchema.SchemaRegistry).Assembly,
        // The demo tools the gateway ships with (event ids 7500-7599).
        typeof(McpGateway.Tools.Calculator.CalculatorServer).Assembly,
        typeof(McpGateway.Tools.Git.GitServer).Assembly,
        typeof(McpGateway.Tools.Docs.DocsServer).Assembly,
    ];

    [Fact]
    public void EveryLoggerMessage_HasAnEventIdOfItsOwn()
    {
        var messages = GatewayAssemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.True(messages.Count > 50, $"the scan found only {messages.Count} log messages");
        Assert.All(messages, m => Assert.True(m.Attribute!.EventId > 0, $"{m.Method} has no event id"));
        var shared = messages
            .GroupBy(m => m.Attribute!.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}")
            .ToList();
        Assert.Empty(shared);
    }
}
