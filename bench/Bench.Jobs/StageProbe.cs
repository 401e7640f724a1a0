using System.Diagnostics;
using McpGateway.Core.Jobs;

namespace McpGateway.Bench.Jobs;

/// <summary>
/// Where a submit's time goes: the database statement of <c>JobGrain.Submit</c> run alone, one at a time, for new jobs:
/// the job's row with its acceptance event and its reminder's row through the node's <see cref="IJobStore"/> (one batch,
/// as the grain sends it). Set against the whole submit's latency it leaves what the grain machinery adds (the grain
/// call, the activation, scheduling, JSON).
/// </summary>
internal sealed class StageProbe(RawTemplate template, IJobStore readModel)
{
    public async Task<IReadOnlyList<(string Name, List<double> Milliseconds)>> RunAsync(int samples, Func<int, Job> newJob, Func<Job, JobEvent> acceptance, JobLimits limits)
    {
        var stages = new List<(string, List<double>)>
        {
            ("the job's row with its reminder: submit (`IJobStore.SubmitAsync`: advisory lock, caps, job + event + reminder)", []),
        };
        for (var i = 0; i < samples + 20; i++)
        {
            var job = newJob(i);
            var reminder = new JobReminder(
                template.ServiceId, template.ReminderGrainPrefix + job.Id + template.ReminderGrainSuffix, (uint)job.Id.GetHashCode(StringComparison.Ordinal),
                template.ReminderName, job.CreatedAt, TimeSpan.FromMilliseconds(template.ReminderPeriod));
            var elapsed = await TimeAsync(async () => await readModel.SubmitAsync(job, acceptance(job), limits, reminder, CancellationToken.None));
            if (i >= 20)
            {
                stages[0].Item2.Add(elapsed);
            }
        }

        return stages;
    }

    private static async Task<double> TimeAsync(Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        await operation();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
