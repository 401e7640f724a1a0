using System.Text;
using McpGateway.Core.Identity;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>A legacy client message as it crosses the session grain: as deep as the edge accepts, it arrives whole.</summary>
public sealed class SessionMessageBodyTests
{
    [Fact]
    public void AClientMessageAsDeepAsTheEdgeAccepts_CrossesTheSessionGrain()
    {
        var deepest = new string('[', StrictJson.MaxDepth - 2) + new string(']', StrictJson.MaxDepth - 2);
        var raw = StrictJson.Parse(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"a\":" + deepest + "}}"))!;
        var posted = new RemoteClientMessage(
            new CallerIdentity("alice", ["user"], "acme", ["tools"], false), "dev", JsonRpcMessage.FromNode(raw), "req-1", "corr-1");

        var received = RemoteClientMessage.FromJson(NodeSessionObserver.Read(posted.ToJson().ToJsonString()));

        Assert.NotNull(received);
        Assert.Equal(raw.ToJsonString(), received.Message.Raw.ToJsonString());
        Assert.Equal(("alice", "acme", "dev", "req-1", "corr-1"), (received.Caller.UserId, received.Caller.Tenant, received.Scope, received.RequestId, received.CorrelationId));
        Assert.Equal(new[] { "user" }, received.Caller.Roles);
    }

    [Fact]
    public void ABodyThatIsNotAnObject_IsNothing() => Assert.Null(NodeSessionObserver.Read("[1]"));
}
