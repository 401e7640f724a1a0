using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Tests.Jobs;

public sealed class JobLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly JobSettings Settings = new() { BackoffBase = TimeSpan.FromSeconds(2), BackoffMax = TimeSpan.FromSeconds(10) };

    private static Job Queued(bool idempotent = false, int maxAttempts = 3) => new()
    {
        Id = JobId.New(),
        OwnerId = "alice",
        Tool = "slow.wait",
        Params = new JsonObject { ["name"] = "slow.wait" },
        Origin = JobOrigin.Rest,
        Idempotent = idempotent,
        MaxAttempts = maxAttempts,
        NotBefore = T0,
        CreatedAt = T0,
        UpdatedAt = T0,
        Retention = TimeSpan.FromMinutes(10),
        RequestId = "r",
        CorrelationId = "c",
    };

    private static Job Running(bool idempotent = false, bool dispatched = false, int maxAttempts = 3)
    {
        var job = JobLifecycle.Claim(Queued(idempotent, maxAttempts), "node-a", T0);
        return dispatched ? JobLifecycle.MarkDispatched(job, "node-a", T0)! : job;
    }

    [Fact]
    public void Claim_StartsAnAttemptOnItsRunner()
    {
        var job = Running();

        Assert.Equal(JobStatus.Running, job.Status);
        Assert.Equal(1, job.Attempts);
        Assert.Equal("node-a", job.Runner);
        Assert.Equal(1, job.Version);
        Assert.False(JobLifecycle.IsClaimable(Queued() with { NotBefore = T0.AddSeconds(1) }, T0));
        Assert.Throws<InvalidOperationException>(() => JobLifecycle.Claim(job, "node-b", T0));
    }

    [Fact]
    public void OnlyTheRunner_ReportsAndFinishes()
    {
        var job = Running();

        Assert.Null(JobLifecycle.ReportProgress(job, "node-b", new JsonObject { ["progress"] = 1 }, T0));
        Assert.Null(JobLifecycle.Succeed(job, "node-b", new JsonObject(), T0));
        Assert.Equal(1, JobLifecycle.ReportProgress(job, "node-a", new JsonObject { ["progress"] = 1 }, T0)!.Progress!["progress"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(false, false, JobStatus.Queued)]
    [InlineData(true, true, JobStatus.Queued)]
    [InlineData(false, true, JobStatus.Failed)]
    public void Complete_OnAStoppingNode_GivesTheJobBack_UnderTheRulesOfALostNode(bool idempotent, bool dispatched, JobStatus expected)
    {
        var job = Running(idempotent, dispatched);
        var outcome = new JobAttemptOutcome(null, new GatewayError(GatewayErrorKind.Cancelled, "stopping"), dispatched, Stopping: true);

        var next = JobLifecycle.Complete(job, "node-a", outcome, T0, Settings)!;

        Assert.Equal(expected, next.Status);
        Assert.Contains("stopped", next.StatusMessage);
        Assert.Null(JobLifecycle.Complete(job, "node-b", outcome, T0, Settings));
    }

    [Fact]
    public void Complete_AResultLargerThanAJobMayKeep_FailsTheJob()
    {
        var big = new JsonObject { ["text"] = new string('x', 2048) };

        var next = JobLifecycle.Complete(Running(), "node-a", new JobAttemptOutcome(big, null, true, false), T0, Settings with { MaxResultBytes = 1024 })!;

        Assert.Equal(JobStatus.Failed, next.Status);
        Assert.Equal(GatewayErrorKind.PayloadTooLarge, next.Error!.Kind);
    }

    [Fact]
    public void Succeed_KeepsTheResultUntilTheRetentionEnds()
    {
        var done = JobLifecycle.Succeed(Running(), "node-a", new JsonObject { ["content"] = new JsonArray() }, T0.AddSeconds(3))!;

        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal(T0.AddSeconds(3), done.FinishedAt);
        Assert.Equal(T0.AddSeconds(3).AddMinutes(10), done.ExpiresAt);
        Assert.Null(done.Runner);
    }

    [Fact]
    public void Fail_Retryable_QueuesAgainAfterABackoff_UntilAttemptsRunOut()
    {
        var error = new GatewayError(GatewayErrorKind.BackendUnavailable, "down");

        var retried = JobLifecycle.Fail(Running(), "node-a", error, retryable: true, T0, Settings)!;
        var third = JobLifecycle.Claim(JobLifecycle.Claim(retried, "n", retried.NotBefore) with { Status = JobStatus.Queued }, "n", retried.NotBefore);
        var final = JobLifecycle.Fail(third, "n", error, retryable: true, T0, Settings)!;

        Assert.Equal(JobStatus.Queued, retried.Status);
        Assert.Equal(T0.AddSeconds(2), retried.NotBefore);
        Assert.Contains("retrying", retried.StatusMessage);
        Assert.Equal(3, third.Attempts);
        Assert.Equal(JobStatus.Failed, final.Status);
        Assert.Equal(error, final.Error);
        Assert.Equal(JobStatus.Failed, JobLifecycle.Fail(Running(), "node-a", error, retryable: false, T0, Settings)!.Status);
    }

    [Fact]
    public void Backoff_DoublesUpToTheCap()
    {
        Assert.Equal(
            [2, 4, 8, 10, 10],
            new[] { 2, 3, 4, 5, 30 }.Select(a => Settings.Backoff(a).TotalSeconds));
    }

    [Fact]
    public void Cancel_QueuedOrRunning_IsCancelled_AFinishedJobIsNot()
    {
        Assert.Equal(JobStatus.Cancelled, JobLifecycle.Cancel(Queued(), T0)!.Status);
        var cancelled = JobLifecycle.Cancel(Running(), T0)!;
        Assert.Equal(GatewayErrorKind.Cancelled, cancelled.Error!.Kind);
        Assert.Null(JobLifecycle.Cancel(cancelled, T0));
        Assert.Null(JobLifecycle.Succeed(cancelled, "node-a", new JsonObject(), T0));
    }

    [Theory]
    [InlineData(false, false, JobStatus.Queued)]
    [InlineData(false, true, JobStatus.Queued)]
    [InlineData(true, true, JobStatus.Queued)]
    [InlineData(true, false, JobStatus.Failed)]
    public void LostRunner_IsRetriedOnlyWhenTheBackendNeverHadTheCall_OrTheToolIsIdempotent(bool dispatched, bool idempotent, JobStatus expected)
    {
        var job = Running(idempotent, dispatched);

        Assert.Null(JobLifecycle.RecoverLost(Queued(), T0, Settings));
        var recovered = JobLifecycle.RecoverLost(job, T0.AddSeconds(15), Settings)!;

        Assert.Equal(expected, recovered.Status);
        if (expected == JobStatus.Failed)
        {
            Assert.Equal(GatewayErrorKind.JobOutcomeUnknown, recovered.Error!.Kind);
            Assert.StartsWith("Outcome unknown", recovered.Error.Message);
        }
    }

    [Fact]
    public void LostRunner_OnTheLastAttempt_FailsWithTheReason()
    {
        var failed = JobLifecycle.RecoverLost(Running(maxAttempts: 1), T0.AddMinutes(1), Settings)!;

        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Contains("was lost", failed.Error!.Message);
        Assert.Contains("no attempts left", failed.Error.Message);
    }

    [Fact]
    public void Expire_DropsTheResultAfterTheRetention_ThenThePurgeWaits()
    {
        var done = JobLifecycle.Succeed(Running(), "node-a", new JsonObject { ["x"] = 1 }, T0)!;

        Assert.Null(JobLifecycle.Expire(done, T0.AddMinutes(10).AddTicks(-1), Settings));
        var expired = JobLifecycle.Expire(done, T0.AddMinutes(10), Settings)!;

        Assert.Equal(JobStatus.Expired, expired.Status);
        Assert.Null(expired.Result);
        Assert.False(JobLifecycle.IsPurgeable(expired, T0.AddMinutes(10)));
        Assert.True(JobLifecycle.IsPurgeable(expired, T0.AddMinutes(10) + Settings.PurgeAfter));
        Assert.Null(JobLifecycle.Expire(Running(), T0.AddDays(1), Settings));
    }

    [Theory]
    [InlineData(GatewayErrorKind.BackendUnavailable, false, false, true, null)]
    [InlineData(GatewayErrorKind.Forbidden, false, false, false, null)]
    [InlineData(GatewayErrorKind.BackendUnavailable, true, true, true, null)]
    [InlineData(GatewayErrorKind.BackendTimeout, true, false, false, GatewayErrorKind.JobOutcomeUnknown)]
    [InlineData(GatewayErrorKind.BackendError, true, true, false, null)]
    public void Classify_RetriesOnlyWhatIsSafe(GatewayErrorKind kind, bool dispatched, bool idempotent, bool retryable, GatewayErrorKind? becomes)
    {
        var (error, canRetry) = JobFailure.Classify(new GatewayError(kind, "x"), dispatched, idempotent);

        Assert.Equal(retryable, canRetry);
        Assert.Equal(becomes ?? kind, error.Kind);
    }

    [Fact]
    public void Classify_UndeliveredCall_IsRetriedEvenForAToolThatIsNotIdempotent()
    {
        var (_, retryable) = JobFailure.Classify(new GatewayError(GatewayErrorKind.BackendUnavailable, "down") { Undelivered = true }, dispatched: true, idempotent: false);

        Assert.True(retryable);
    }

    [Fact]
    public void Ids_Are128RandomBits()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => JobId.New()).ToHashSet();

        Assert.Equal(1000, ids.Count);
        Assert.All(ids, id => Assert.True(JobId.IsWellFormed(id)));
        Assert.False(JobId.IsWellFormed("../etc"));
        Assert.False(JobId.IsWellFormed(JobId.New().ToUpperInvariant()));
    }
}
