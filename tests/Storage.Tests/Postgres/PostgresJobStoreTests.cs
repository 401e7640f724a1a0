using McpGateway.Core.Jobs;
using McpGateway.Storage.Postgres;
using McpGateway.Storage.Tests.Contracts;

namespace McpGateway.Storage.Tests.Postgres;

public sealed class PostgresJobStoreTests : JobStoreContractTests
{
    private readonly PostgresStorageFixture _storage = new();

    /// <summary>
    /// Each store has its own connection pool, like another node on the same database; pools are kept small so that
    /// the thousand-submit test queues on them rather than exhausting the test server's connections.
    /// </summary>
    protected override async Task<IJobStore> CreateStoreAsync()
    {
        await _storage.OpenDatabaseAsync();
        return new PostgresJobStore(_storage.Track(new PostgresDatabase(_storage.Database.ConnectionString + ";Maximum Pool Size=8;Timeout=120")));
    }

    public override async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task ASubmitWithItsReminder_StoresTheReminderRowOnlyWithTheJobsRow_AndReplacesOneLeftBehind()
    {
        var store = await CreateStoreAsync();
        Assert.True(store.StoresReminders);
        var start = new DateTimeOffset(2026, 12, 7, 12, 0, 0, 123, TimeSpan.Zero);
        JobReminder Reminder(Job job) => new("mcpgw", "job/" + job.Id, 0xF0000001, "check", start, TimeSpan.FromMinutes(1));

        var job = NewJob("alice");
        Assert.Equal(JobSubmitOutcome.Accepted, await store.SubmitAsync(job, Accepted(job), new JobLimits(10, 10), Reminder(job), default));
        Assert.Equal([("mcpgw", "check", start, 60_000L, unchecked((int)0xF0000001), 0)], await RemindersAsync(job.Id));

        // A repeated submit and a refused one write no reminder (the first keeps its version).
        Assert.Equal(JobSubmitOutcome.AlreadyStored, await store.SubmitAsync(job, Accepted(job), new JobLimits(10, 10), Reminder(job) with { Period = TimeSpan.FromHours(1) }, default));
        Assert.Equal(0, (await RemindersAsync(job.Id))[0].Version);
        var refused = NewJob("alice");
        Assert.Equal(JobSubmitOutcome.TooManyActive, await store.SubmitAsync(refused, Accepted(refused), new JobLimits(1, 10), Reminder(refused), default));
        Assert.Empty(await RemindersAsync(refused.Id));

        // A reminder left behind by a job of the same id (its purge cut short) is replaced, with a higher version.
        var again = NewJob("bob");
        await store.SubmitAsync(again, Accepted(again), new JobLimits(10, 10), Reminder(again), default);
        await store.DeleteAsync(again.Id, default);
        Assert.Equal(JobSubmitOutcome.Accepted, await store.SubmitAsync(again, Accepted(again), new JobLimits(10, 10), Reminder(again) with { StartAt = start.AddMinutes(5) }, default));
        Assert.Equal([("mcpgw", "check", start.AddMinutes(5), 60_000L, unchecked((int)0xF0000001), 1)], await RemindersAsync(again.Id));
    }

    private async Task<List<(string Service, string Name, DateTimeOffset Start, long Period, int Hash, int Version)>> RemindersAsync(string jobId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_storage.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT ServiceId, ReminderName, StartTime, Period, GrainHash, Version FROM OrleansRemindersTable WHERE GrainId = 'job/' || @id", connection);
        command.Parameters.AddWithValue("id", jobId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, DateTimeOffset, long, int, int)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3), reader.GetInt32(4), reader.GetInt32(5)));
        }

        return rows;
    }
}
