using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Tests.Audit;

/// <summary><c>GATEWAY_AUDIT_FSYNC</c>: off by default (the WAL file survives the process's death), on when asked, and a clear error otherwise.</summary>
public sealed class AuditFsyncOptionTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    public void ReadsTheSetting(string? value, bool expected)
    {
        var env = new Dictionary<string, string> { ["GATEWAY_AUTH_MODE"] = "none" };
        if (value is not null)
        {
            env["GATEWAY_AUDIT_FSYNC"] = value;
        }

        var (options, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        Assert.Empty(errors);
        Assert.Equal(expected, options.Audit.Fsync);
    }

    [Fact]
    public void RejectsAValueThatIsNotABoolean()
    {
        var env = new Dictionary<string, string> { ["GATEWAY_AUTH_MODE"] = "none", ["GATEWAY_AUDIT_FSYNC"] = "always" };

        var (_, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        Assert.Contains(errors, e => e.StartsWith("GATEWAY_AUDIT_FSYNC: 'always'", StringComparison.Ordinal));
    }
}
