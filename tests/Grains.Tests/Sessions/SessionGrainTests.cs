using System.Collections.Concurrent;
using McpGateway.Grains.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace McpGateway.Grains.Tests.Sessions;

/// <summary>The session grain with real silos (two, in process) and observers registered by the cluster's client.</summary>
public sealed class SessionGrainTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero));
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("grains", o => o.GrainStorageSerializer = new McpGateway.Silo.JsonGrainStateSerializer());
            silo.Services.AddSingleton<TimeProvider>(_time);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    private IGrainFactory Grains => _cluster.Client;

    private SiloAddress Silo => _cluster.Silos[0].SiloAddress;

    [Fact]
    public async Task Messages_for_the_stream_reach_its_holder_in_the_order_they_were_sent()
    {
        var node = new RecordingNode();
        var grain = Grains.GetGrain<ISessionGrain>("s-order");
        await grain.HoldAsync(Grains.CreateObjectReference<ISessionObserver>(node), "node-a", Silo);

        for (var i = 0; i < 40; i++)
        {
            var kind = i % 2 == 0 ? SessionMessageKind.ClientMessage : SessionMessageKind.StreamNotification;
            Assert.Equal(SessionDelivery.Delivered, await grain.SendAsync(new SessionMessage { Kind = kind, Body = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        }

        Assert.Equal(Enumerable.Range(0, 40).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), node.Received.Select(r => r.Message.Body));
        Assert.All(node.Received, r => Assert.Equal("s-order", r.SessionId));
    }

    [Fact]
    public async Task Without_a_holder_a_client_message_is_not_delivered_and_a_closed_stream_is_forgotten()
    {
        var grain = Grains.GetGrain<ISessionGrain>("s-none");
        Assert.Equal(SessionDelivery.NoHolder, await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.ClientMessage, Body = "{}" }));

        var node = new RecordingNode();
        var reference = Grains.CreateObjectReference<ISessionObserver>(node);
        await grain.HoldAsync(reference, "node-a", Silo);
        await grain.ReleaseAsync(reference);
        Assert.Equal(SessionDelivery.NoHolder, await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.ClientMessage, Body = "{}" }));
        Assert.Empty(node.Received);

        // A holder whose node no longer has the stream (it answers false) is forgotten.
        var forgetful = new RecordingNode { Answer = false };
        await grain.HoldAsync(Grains.CreateObjectReference<ISessionObserver>(forgetful), "node-b", Silo);
        Assert.Equal(SessionDelivery.NoHolder, await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.ClientMessage, Body = "1" }));
        Assert.Equal(SessionDelivery.NoHolder, await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.ClientMessage, Body = "2" }));
        Assert.Single(forgetful.Received);
    }

    [Fact]
    public async Task The_holder_is_persisted_so_a_new_activation_still_delivers_to_it()
    {
        var node = new RecordingNode();
        var grain = Grains.GetGrain<ISessionGrain>("s-persisted");
        await grain.HoldAsync(Grains.CreateObjectReference<ISessionObserver>(node), "node-a", Silo);

        await _cluster.DeactivateAsync(grain);
        await _cluster.WaitForDeactivationAsync(grain);

        Assert.Equal(SessionDelivery.Delivered, await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.ClientMessage, Body = "after" }));
        Assert.Equal("after", Assert.Single(node.Received).Message.Body);
    }

    [Fact]
    public async Task A_holder_that_does_not_answer_counts_as_gone_and_the_poster_learns_it()
    {
        var hanging = new RecordingNode { Hang = true };
        var grain = Grains.GetGrain<ISessionGrain>("s-hang");
        await grain.HoldAsync(Grains.CreateObjectReference<ISessionObserver>(hanging), "node-a", Silo);

        var sending = grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.ClientMessage, Body = "{}" });

        // The grain's clock is the fake one: move it on until the delivery times out (deadline, not a timing assertion).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!sending.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.WhenAny(sending, Task.Delay(50));
            if (!hanging.Received.IsEmpty)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        Assert.Equal(SessionDelivery.HolderGone, await sending);
        Assert.Equal(SessionDelivery.NoHolder, await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.ClientMessage, Body = "{}" }));
    }

    [Fact]
    public async Task Cancels_and_answers_reach_every_registered_node_and_participants_expire_unless_renewed()
    {
        var holder = new RecordingNode();
        var serving = new RecordingNode();
        var grain = Grains.GetGrain<ISessionGrain>("s-fanout");
        await grain.HoldAsync(Grains.CreateObjectReference<ISessionObserver>(holder), "node-a", Silo);
        var servingReference = Grains.CreateObjectReference<ISessionObserver>(serving);
        await grain.JoinAsync(servingReference, Silo);

        Assert.Equal(SessionDelivery.Delivered, await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.Cancel, Key = "s-fanout|7" }));
        Assert.Equal("s-fanout|7", Assert.Single(serving.Received).Message.Key);
        Assert.Equal("s-fanout|7", Assert.Single(holder.Received).Message.Key);

        // Stream messages go to the holder only.
        await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.StreamNotification, Body = "n" });
        Assert.Single(serving.Received);

        // Not renewed within its lifetime, a participant is dropped; renewed, it stays.
        _time.Advance(SessionGrain.ParticipantLifetime + TimeSpan.FromSeconds(1));
        await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.ClientAnswer, Body = "{}" });
        Assert.Single(serving.Received);
        await grain.JoinAsync(servingReference, Silo);
        await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.ClientAnswer, Body = "{}" });
        Assert.Equal(2, serving.Received.Count);
    }

    [Fact]
    public async Task An_ended_session_reaches_every_node_then_forgets_them()
    {
        var holder = new RecordingNode();
        var serving = new RecordingNode();
        var grain = Grains.GetGrain<ISessionGrain>("s-end");
        await grain.HoldAsync(Grains.CreateObjectReference<ISessionObserver>(holder), "node-a", Silo);
        await grain.JoinAsync(Grains.CreateObjectReference<ISessionObserver>(serving), Silo);

        Assert.Equal(SessionDelivery.Delivered, await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.SessionEnded }));
        Assert.Equal(SessionMessageKind.SessionEnded, Assert.Single(holder.Received).Message.Kind);
        Assert.Equal(SessionMessageKind.SessionEnded, Assert.Single(serving.Received).Message.Kind);

        Assert.Equal(SessionDelivery.NoHolder, await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.ClientMessage, Body = "{}" }));
        Assert.Equal(SessionDelivery.NoHolder, await grain.SendAsync(new SessionMessage { Kind = SessionMessageKind.Cancel, Key = "s-end|1" }));
    }

    [Fact]
    public async Task A_held_calls_retries_reach_its_node_in_order_until_it_is_released()
    {
        var node = new RecordingNode();
        var reference = Grains.CreateObjectReference<ISessionObserver>(node);
        var grain = Grains.GetGrain<IHeldCallGrain>("mcpgw-held-a");
        Assert.Null(await grain.ResumeAsync("{}"));

        await grain.HoldAsync(reference, Silo);
        Assert.Equal("round 1 of mcpgw-held-a", await grain.ResumeAsync("first"));
        Assert.Equal("round 2 of mcpgw-held-a", await grain.ResumeAsync("second"));
        Assert.Equal(["first", "second"], node.Resumed.Select(r => r.Retry));

        // Released by its node: a retry finds nothing and the node is not asked.
        await grain.ReleaseAsync(reference);
        Assert.Null(await Grains.GetGrain<IHeldCallGrain>("mcpgw-held-a").ResumeAsync("third"));
        Assert.Equal(2, node.Resumed.Count);

        // A node that no longer holds the call (it answers null) is forgotten.
        var forgetful = new RecordingNode { Answer = false };
        var held = Grains.GetGrain<IHeldCallGrain>("mcpgw-held-b");
        await held.HoldAsync(Grains.CreateObjectReference<ISessionObserver>(forgetful), Silo);
        Assert.Null(await held.ResumeAsync("1"));
        Assert.Null(await held.ResumeAsync("2"));
        Assert.Single(forgetful.Resumed);
    }

    private sealed class RecordingNode : ISessionObserver
    {
        public ConcurrentQueue<(string SessionId, SessionMessage Message)> Received { get; } = new();

        public bool Answer { get; init; } = true;

        public bool Hang { get; init; }

        public async Task<bool> DeliverAsync(string sessionId, SessionMessage message)
        {
            Received.Enqueue((sessionId, message));
            if (Hang)
            {
                await new TaskCompletionSource().Task;
            }

            return Answer;
        }

        public ConcurrentQueue<(string Token, string Retry)> Resumed { get; } = new();

        public Task<string?> ResumeHeldAsync(string token, string retry)
        {
            Resumed.Enqueue((token, retry));
            return Task.FromResult<string?>(Answer ? $"round {Resumed.Count} of {token}" : null);
        }
    }
}
