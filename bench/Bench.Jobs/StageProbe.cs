using System.Diagnostics;
using McpGateway.Core.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace McpGateway.Bench.Jobs;

/// <summary>
/// Where a submit's time goes: each database statement of <c>JobGrain.Submit</c> run alone, one at a time, for new
/// jobs: Orleans' reminder upsert (the query text of its <c>OrleansQuery</c> table, with the parameters its ADO.NET
/// provider sends) from a plain Npgsql connection, and the job's row with its acceptance through the node's
/// <see cref="IJobStore"/>. Their sum (the submit runs them one after the other) set against the whole submit's
/// latency leaves what the grain machinery adds (the grain call, the activation, scheduling, JSON).
/// </summary>
internal sealed class StageProbe(NpgsqlDataSource raw, RawTemplate template, IJobStore readModel)
{
    public async Task<IReadOnlyList<(string Name, List<double> Milliseconds)>> RunAsync(int samples, Func<int, Job> newJob, Func<Job, JobEvent> acceptance, JobLimits limits)
    {
        var upsert = await QueryTextAsync("UpsertReminderRowKey");
        var stages = new List<(string, List<double>)>
        {
            ("register reminder (`UpsertReminderRowKey`)", []),
            ("the job's row: submit (`IJobStore.SubmitAsync`: advisory lock, caps, job + event)", []),
        };
        for (var i = 0; i < samples + 20; i++)
        {
            var job = newJob(i);
            var times = new[]
            {
                await TimeAsync(() => ExecuteAsync(upsert,
                [
                    Typed("ServiceId", NpgsqlDbType.Varchar, template.ServiceId),
                    Typed("GrainId", NpgsqlDbType.Varchar, template.ReminderGrainPrefix + job.Id + template.ReminderGrainSuffix),
                    Typed("ReminderName", NpgsqlDbType.Varchar, template.ReminderName),
                    Typed("StartTime", NpgsqlDbType.TimestampTz, job.CreatedAt.ToUniversalTime()),
                    Typed("Period", NpgsqlDbType.Bigint, template.ReminderPeriod),
                    Typed("GrainHash", NpgsqlDbType.Integer, job.Id.GetHashCode(StringComparison.Ordinal)),
                ])),
                await TimeAsync(async () => await readModel.SubmitAsync(job, acceptance(job), limits, CancellationToken.None)),
            };
            if (i >= 20)
            {
                for (var s = 0; s < stages.Count; s++)
                {
                    stages[s].Item2.Add(times[s]);
                }
            }
        }

        return stages;
    }

    private static NpgsqlParameter Typed(string name, NpgsqlDbType type, object value) => new(name, type) { Value = value };

    private async Task<string> QueryTextAsync(string key)
    {
        await using var command = raw.CreateCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key");
        command.Parameters.AddWithValue("key", key);
        return (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"OrleansQuery has no {key}");
    }

    private async Task ExecuteAsync(string sql, NpgsqlParameter[] parameters)
    {
        await using var command = raw.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }

    private static async Task<double> TimeAsync(Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        await operation();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
