using System.Globalization;

namespace McpGateway.Bench;

/// <summary>Command-line settings of the echo latency benchmark.</summary>
internal sealed record BenchOptions
{
    public int Rounds { get; init; } = 3;

    public IReadOnlyList<int> Concurrency { get; init; } = [1, 16];

    /// <summary>Before round 1, every (target, concurrency) phase runs this long unrecorded, so that JIT tiering settles in all three processes.</summary>
    public TimeSpan InitialWarmupTime { get; init; } = TimeSpan.FromSeconds(10);

    public int WarmupRequests { get; init; } = 2_000;

    public TimeSpan WarmupTime { get; init; } = TimeSpan.FromSeconds(3);

    public int MeasuredRequests { get; init; } = 20_000;

    public TimeSpan MeasuredTime { get; init; } = TimeSpan.FromSeconds(15);

    public string Message { get; init; } = "hello";

    public bool Quick { get; init; }

    /// <summary>
    /// Also measure, after each pair, the echo through a bare relay (the floor of a process hop) and <c>tools/list</c>
    /// (direct and at the gateway), to split the gateway's time.
    /// </summary>
    public bool Breakdown { get; init; } = true;

    /// <summary>Extra environment variables for the gateway process (experiments, e.g. log filters); reported in the results.</summary>
    public IReadOnlyDictionary<string, string> GatewayEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the Markdown report goes; null: stdout only.</summary>
    public string? OutputFile { get; init; }

    public const string Usage = """
        McpGateway.Bench: closed-loop latency/throughput of tools/call echo, direct to the Hello server vs through the gateway.

        dotnet run -c Release --project bench/Bench -- [options]

          --quick                 smoke run: 1 round, initial warm-up 2 s, warm-up 200 requests / 1 s, measured 2,000 requests / 3 s;
                                  the report is printed but not saved unless --output is given
          --rounds N              rounds of (direct, gateway) pairs per concurrency (default 3; the median is reported)
          --concurrency LIST      comma-separated concurrency levels (default 1,16)
          --initial-warmup-seconds S  before round 1, run every phase unrecorded this long (default 10; 0 = none)
          --warmup-requests N     warm-up requests per phase (default 2000)
          --warmup-seconds S      warm-up time bound per phase (default 3)
          --requests N            measured requests per phase, at most (default 20000)
          --seconds S             measured time per phase, at most (default 15)
          --message TEXT          the echoed text (default hello)
          --no-breakdown          skip the diagnostic phases after each pair: the echo through a bare relay process (relay,
                                  the floor of a process hop; the relay is then not started) and tools/list (direct-list, gateway-list)
          --gateway-env KEY=VALUE extra environment variable for the gateway process (repeatable; shown in the report)
          --output PATH           where to write the Markdown report (default bench/results/echo-latency.md)
          --no-save               print the report only
          -h, --help              this text
        """;

    public static (BenchOptions? Options, string? Error) Parse(string[] args, string defaultOutput)
    {
        var quick = args.Contains("--quick");
        var options = quick
            ? new BenchOptions
            {
                Quick = true,
                Rounds = 1,
                InitialWarmupTime = TimeSpan.FromSeconds(2),
                WarmupRequests = 200,
                WarmupTime = TimeSpan.FromSeconds(1),
                MeasuredRequests = 2_000,
                MeasuredTime = TimeSpan.FromSeconds(3),
                OutputFile = null,
            }
            : new BenchOptions { OutputFile = defaultOutput };

        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Length)
                {
                    throw new FormatException($"{arg} needs a value");
                }

                return args[++i];
            }

            try
            {
                options = arg switch
                {
                    "--quick" => options,
                    "--rounds" => options with { Rounds = Positive(arg, Value()) },
                    "--concurrency" => options with { Concurrency = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Positive(arg, v))] },
                    "--initial-warmup-seconds" => options with { InitialWarmupTime = Seconds(arg, Value()) },
                    "--warmup-requests" => options with { WarmupRequests = NonNegative(arg, Value()) },
                    "--warmup-seconds" => options with { WarmupTime = Seconds(arg, Value()) },
                    "--requests" => options with { MeasuredRequests = Positive(arg, Value()) },
                    "--seconds" => options with { MeasuredTime = Seconds(arg, Value()) },
                    "--message" => options with { Message = Value() },
                    "--gateway-env" => options with { GatewayEnvironment = WithVariable(options.GatewayEnvironment, Value()) },
                    "--output" => options with { OutputFile = Path.GetFullPath(Value()) },
                    "--no-save" => options with { OutputFile = null },
                    "--no-breakdown" => options with { Breakdown = false },
                    "-h" or "--help" => options,
                    _ => throw new FormatException($"unknown option {arg}"),
                };
            }
            catch (FormatException e)
            {
                return (null, e.Message);
            }
        }

        if (options.Concurrency.Count == 0)
        {
            return (null, "--concurrency needs at least one level");
        }

        return (options, null);
    }

    private static Dictionary<string, string> WithVariable(IReadOnlyDictionary<string, string> current, string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"--gateway-env: '{assignment}' is not KEY=VALUE");
        }

        return new Dictionary<string, string>(current) { [assignment[..equals]] = assignment[(equals + 1)..] };
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new FormatException($"{name}: '{value}' is not a positive integer");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new FormatException($"{name}: '{value}' is not a non-negative integer");

    private static TimeSpan Seconds(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s < 86_400
            ? TimeSpan.FromSeconds(s)
            : throw new FormatException($"{name}: '{value}' is not a number of seconds");
}
