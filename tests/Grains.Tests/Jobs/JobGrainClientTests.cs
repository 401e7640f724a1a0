using System.Reflection;
using McpGateway.Core.Jobs;
using McpGateway.Grains.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;

namespace McpGateway.Grains.Tests.Jobs;

/// <summary>
/// The edge's submit when the job's grain gives no answer in time: the grain may still store the job (it works through a
/// backlog), so it is asked again, with the same submission, before the caller is told to retry later.
/// </summary>
public sealed class JobGrainClientTests
{
    [Fact]
    public async Task ASubmitAnsweredLate_IsAskedAgainWithTheSameSubmission_AndItsOutcomeIsTheCallers()
    {
        var grain = new ScriptedJobGrain(new TimeoutException("no answer in time"), new TimeoutException("no answer in time"), null);
        var job = JobCluster.NewJob("late");

        var outcome = await Client(grain).SubmitAsync(job, JobCluster.Accepted(job), new JobLimits(5, 10), default);

        Assert.Equal(JobSubmitOutcome.Accepted, outcome);
        Assert.Equal(JobGrainClient.SubmitTries, grain.Submissions.Count);
        Assert.Single(grain.Submissions.Distinct());
        Assert.Equal(job.Id, JobCodec.Read(grain.Submissions[0].Job).Id);
    }

    [Fact]
    public async Task ASubmitNeverAnswered_IsStoreUnavailable_AfterTheLastTry()
    {
        var grain = new ScriptedJobGrain([.. Enumerable.Repeat<Exception?>(new TimeoutException("no answer in time"), JobGrainClient.SubmitTries + 1)]);
        var job = JobCluster.NewJob("never");

        var failure = await Assert.ThrowsAsync<JobStoreUnavailableException>(() => Client(grain).SubmitAsync(job, JobCluster.Accepted(job), new JobLimits(5, 10), default).AsTask());

        Assert.IsType<TimeoutException>(failure.InnerException);
        Assert.Equal(JobGrainClient.SubmitTries, grain.Submissions.Count);
    }

    [Fact]
    public async Task AGrainOutOfReach_IsStoreUnavailable_WithoutAskingAgain()
    {
        var grain = new ScriptedJobGrain(new SiloUnavailableException("gone"), null);
        var job = JobCluster.NewJob("unreachable");

        await Assert.ThrowsAsync<JobStoreUnavailableException>(() => Client(grain).SubmitAsync(job, JobCluster.Accepted(job), new JobLimits(5, 10), default).AsTask());

        Assert.Single(grain.Submissions);
    }

    private static JobGrainClient Client(IJobGrain grain) => new(GrainFactoryOf.Only(grain), NullLogger<JobGrainClient>.Instance);

    /// <summary>A job grain whose submits fail with the scripted exceptions in turn (null: answered Accepted).</summary>
    private sealed class ScriptedJobGrain(params Exception?[] script) : IJobGrain
    {
        private int _calls;

        public List<JobSubmission> Submissions { get; } = [];

        public Task<JobSubmitReply> Submit(JobSubmission submission)
        {
            Submissions.Add(submission);
            return script[_calls++] is { } failure
                ? Task.FromException<JobSubmitReply>(failure)
                : Task.FromResult(new JobSubmitReply((int)JobSubmitOutcome.Accepted));
        }

        public Task<JobCancelReply?> Cancel(string by) => throw new NotSupportedException();

        public Task Check() => throw new NotSupportedException();

        public Task<string?> BeginAttempt(string node) => throw new NotSupportedException();

        public Task<bool> Dispatching(string node, int attempt) => throw new NotSupportedException();

        public Task<bool> Progress(string node, int attempt, string progress) => throw new NotSupportedException();

        public Task Finish(string node, int attempt, JobAttemptReport report) => throw new NotSupportedException();
    }

    /// <summary>A grain factory that hands out one grain, whatever is asked for.</summary>
    public class GrainFactoryOf : DispatchProxy
    {
        private object? _grain;

        public static IGrainFactory Only(object grain)
        {
            var factory = Create<IGrainFactory, GrainFactoryOf>();
            ((GrainFactoryOf)(object)factory)._grain = grain;
            return factory;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IGrainFactory.GetGrain) ? _grain : throw new NotSupportedException(targetMethod?.Name);
    }
}
