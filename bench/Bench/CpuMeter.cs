using System.Globalization;

namespace McpGateway.Bench;

/// <summary>
/// CPU used during a phase, in cores (1.0 = one core busy all the time), split by who used it; <paramref name="Relay"/>:
/// the echo benchmark's bare relay (0 where there is none).
/// </summary>
internal sealed record CpuShare(double Machine, double LoadGenerator, double Hello, double Gateway, double Relay)
{
    /// <summary>Everything else on the machine: other engineers' builds and tests, the OS.</summary>
    public double Others => Math.Max(0, Machine - LoadGenerator - Hello - Gateway - Relay);
}

/// <summary>
/// Reads <c>/proc/stat</c> and <c>/proc/&lt;pid&gt;/stat</c> (Linux only) to tell how busy the machine was during a
/// phase and how much of that was the benchmark's own processes (with <paramref name="relayPid"/>, the bare relay too).
/// </summary>
internal sealed class CpuMeter(int helloPid, int gatewayPid, int? relayPid = null)
{
    internal sealed record Snapshot(long Total, long Busy, long Self, long Hello, long Gateway, long Relay);

    public static bool Available => File.Exists("/proc/stat") && File.Exists("/proc/self/stat");

    /// <summary>CPUs counted in /proc/stat's first line (may differ from a cgroup-limited <see cref="Environment.ProcessorCount"/>).</summary>
    private static readonly int StatCpus = Available
        ? Math.Max(1, File.ReadLines("/proc/stat").Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && l.Length > 3 && char.IsAsciiDigit(l[3])))
        : Environment.ProcessorCount;

    public Snapshot? Sample()
    {
        try
        {
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var total = fields.Take(8).Sum();
            var idle = fields[3] + fields[4];
            return new Snapshot(
                total,
                total - idle,
                ProcessTicks("self"),
                ProcessTicks(helloPid.ToString(CultureInfo.InvariantCulture)),
                ProcessTicks(gatewayPid.ToString(CultureInfo.InvariantCulture)),
                relayPid is { } relay ? ProcessTicks(relay.ToString(CultureInfo.InvariantCulture)) : 0);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static CpuShare? Share(Snapshot before, Snapshot after)
    {
        var total = after.Total - before.Total;
        if (total <= 0)
        {
            return null;
        }

        // /proc/stat's first line sums all CPUs, so total jiffies = wall jiffies × cores.
        double Cores(long delta) => delta * (double)StatCpus / total;
        return new CpuShare(Cores(after.Busy - before.Busy), Cores(after.Self - before.Self), Cores(after.Hello - before.Hello), Cores(after.Gateway - before.Gateway), Cores(after.Relay - before.Relay));
    }

    /// <summary>utime + stime of a process (fields 14 and 15 of /proc/pid/stat, after the parenthesised name).</summary>
    private static long ProcessTicks(string pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // rest[0] is field 3 (state); utime is field 14, stime field 15.
        return long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
    }
}
