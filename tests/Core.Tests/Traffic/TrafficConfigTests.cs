using McpGateway.Core.Identity;
using McpGateway.Core.Tests.Configuration;
using McpGateway.Core.Traffic;

namespace McpGateway.Core.Tests.Traffic;

public sealed class TrafficConfigTests
{
    private const string Yaml = """
        quotas:
          per_minute: 600
          burst: 20
          tenant_per_minute: 6000
          users:
            alice: { per_minute: 30 }
            bob: { burst: 2 }
          roles:
            batch: { per_minute: 60, burst: 60 }
            bulk: { per_minute: 120 }
          tenants:
            acme: { per_minute: 100, burst: 10 }
        backends:
          - name: hello
            transport: streamable-http
            url: http://127.0.0.1:9101/mcp
            circuit_breaker: { consecutive_failures: 2, break_seconds: 5 }
            tools:
              echo:
                rate_limit_per_minute: 10
                burst: 3
                max_concurrency: 2
                queue_length: 0
                queue_timeout_seconds: 1.5
                circuit_breaker: { failure_ratio: 0.25, window_seconds: 60, minimum_calls: 4 }
              slow:
                circuit_breaker: { enabled: false }

        """;

    [Fact]
    public void ToolSettings_AndBreakersInheritFromTheBackend()
    {
        var config = ConfigTestHelper.ParseValid(Yaml);
        var backend = Assert.Single(config.Backends);
        Assert.Equal(2, backend.CircuitBreaker.ConsecutiveFailures);
        Assert.Equal(TimeSpan.FromSeconds(5), backend.CircuitBreaker.BreakDuration);
        Assert.Equal(BreakerSettings.Default.FailureRatio, backend.CircuitBreaker.FailureRatio);

        var echo = backend.Tools["echo"];
        Assert.Equal((10, 3, 2, 0, 1.5), (echo.RateLimitPerMinute, echo.Burst, echo.MaxConcurrency, echo.QueueLength, echo.QueueTimeoutSeconds));
        Assert.Equal(
            new BreakerSettings { ConsecutiveFailures = 2, BreakDuration = TimeSpan.FromSeconds(5), FailureRatio = 0.25, Window = TimeSpan.FromMinutes(1), MinimumCalls = 4 },
            echo.CircuitBreaker);
        Assert.False(backend.Tools["slow"].CircuitBreaker!.Enabled);
    }

    [Fact]
    public void UserLimits_UserOverRoleOverDefault_TenantBucketsWhenConfigured()
    {
        var limits = new UserQuotaLimits(ConfigTestHelper.ParseValid(Yaml).Quotas, new AdmissionDefaults { UserPerMinute = 1000 });
        Assert.Equal(new RateLimit(30, 30), limits.ForUser(Caller("alice", "batch")));
        Assert.Equal(new RateLimit(600, 2), limits.ForUser(Caller("bob")));
        Assert.Equal(new RateLimit(120, 120), limits.ForUser(Caller("carol", "batch", "bulk")));
        Assert.Equal(new RateLimit(600, 20), limits.ForUser(Caller("dave", "viewer")));
        Assert.Equal(new RateLimit(100, 10), limits.ForTenant("acme"));
        Assert.Equal(new RateLimit(6000, 6000), limits.ForTenant("other"));
        Assert.Null(limits.ForTenant(null));
    }

    [Fact]
    public void WithoutQuotas_TheEnvironmentDefaultsApply_AndThereAreNoTenantBuckets()
    {
        var config = ConfigTestHelper.ParseValid("backends: []\n");
        var limits = new UserQuotaLimits(config.Quotas, new AdmissionDefaults { UserPerMinute = 50, UserBurst = 5 });
        Assert.Equal(new RateLimit(50, 5), limits.ForUser(Caller("x")));
        Assert.Null(limits.ForTenant("acme"));
    }

    [Theory]
    [InlineData("quotas: { per_minute: 0 }\n", "quotas.per_minute: must be greater than 0")]
    [InlineData("quotas: { users: { alice: { rate: 3 } } }\n", "quotas.users.alice.rate: unknown key")]
    [InlineData("quotas: [1]\n", "quotas: expected the user quotas")]
    [InlineData("backends:\n  - name: a\n    transport: stdio\n    command: [x]\n    circuit_breaker: { failure_ratio: 1.5 }\n", "failure_ratio: must be greater than 0 and at most 1")]
    [InlineData("backends:\n  - name: a\n    transport: stdio\n    command: [x]\n    tools: { t: { queue_length: -1 } }\n", "queue_length: must be 0 or more")]
    public void Mistakes_AreReported(string yaml, string message)
    {
        var error = ConfigTestHelper.SingleError(yaml);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static CallerIdentity Caller(string user, params string[] roles) => new(user, roles, null, [], false);
}
