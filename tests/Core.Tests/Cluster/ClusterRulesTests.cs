using System.Text.Json.Nodes;
using McpGateway.Core.Cluster;

namespace McpGateway.Core.Tests.Cluster;

public sealed class ClusterRulesTests
{
    [Fact]
    public void Message_RoundTrips_EveryKind()
    {
        foreach (var kind in Enum.GetValues<ClusterMessageKind>())
        {
            var message = new ClusterMessage(kind, "node-1", "session-9", new JsonObject { ["method"] = "x", ["n"] = 1 });
            var decoded = ClusterMessage.TryDecode(message.Encode())!;
            Assert.Equal((kind, "node-1", "session-9"), (decoded.Kind, decoded.Origin, decoded.Target));
            Assert.Equal(message.Body!.ToJsonString(), decoded.Body!.ToJsonString());
        }
    }

    [Fact]
    public void AClientMessageAsDeepAsTheEdgeAccepts_CrossesTheBus()
    {
        // A legacy SSE post forwarded to the node holding its stream travels as b.message: two levels below the envelope.
        var deepest = new string('[', McpGateway.Core.Protocol.StrictJson.MaxDepth - 1) + new string(']', McpGateway.Core.Protocol.StrictJson.MaxDepth - 1);
        var body = McpGateway.Core.Protocol.StrictJson.Parse(System.Text.Encoding.UTF8.GetBytes("{\"params\":" + deepest + "}"))!;
        var message = new ClusterMessage(ClusterMessageKind.ClientMessage, "node-1", "session-9", new JsonObject { ["message"] = body });

        var decoded = ClusterMessage.TryDecode(message.Encode());

        Assert.NotNull(decoded);
        Assert.Equal(message.Body!.ToJsonString(), decoded.Body!.ToJsonString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"k":"unknown","o":"a","t":"b"}""")]
    [InlineData("""{"k":"notify","o":1,"t":"b"}""")]
    [InlineData("""{"k":"notify","t":"b"}""")]
    public void TryDecode_NotAMessage_IsNull(string payload) => Assert.Null(ClusterMessage.TryDecode(payload));
}
