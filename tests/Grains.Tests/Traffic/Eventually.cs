namespace McpGateway.Grains.Tests.Traffic;

/// <summary>Waits for a condition with a deadline (never a fixed sleep).</summary>
internal static class Eventually
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, Func<Task>? between = null, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting: {what} {state?.Invoke()}");
            if (between is not null)
            {
                await between();
            }
            else
            {
                await Task.Delay(1);
            }
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, Func<Task>? between = null, Func<string>? state = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, between, state);
}
