using McpGateway.Storage.Postgres;
using Npgsql;

namespace McpGateway.Storage.Tests.Postgres;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void Url_WithEverything_BecomesAConnectionString()
    {
        Assert.True(DatabaseUrl.TryParse("postgres://gw%40user:p%3Ass%2Fw@db.internal:6432/gate%20way?sslmode=verify-full&application_name=node1&connect_timeout=7", out var url, out _));

        var builder = new NpgsqlConnectionStringBuilder(url!.ConnectionString);
        Assert.Equal("db.internal", builder.Host);
        Assert.Equal(6432, builder.Port);
        Assert.Equal("gw@user", builder.Username);
        Assert.Equal("p:ss/w", builder.Password);
        Assert.Equal("gate way", builder.Database);
        Assert.Equal(SslMode.VerifyFull, builder.SslMode);
        Assert.Equal("node1", builder.ApplicationName);
        Assert.Equal(7, builder.Timeout);
    }

    [Fact]
    public void PoolParameters_SetThePoolSizes()
    {
        Assert.True(DatabaseUrl.TryParse("postgres://gw:pw@db/gateway?pool_size=40&pool_min=4", out var url, out _));

        var builder = new NpgsqlConnectionStringBuilder(url!.ConnectionString);
        Assert.Equal((40, 4), (builder.MaxPoolSize, builder.MinPoolSize));
    }

    [Theory]
    [InlineData("pool_size=0", "pool_size '0' is not a whole number from 1 to 1000")]
    [InlineData("pool_size=many", "pool_size 'many' is not a whole number from 1 to 1000")]
    [InlineData("pool_min=-1", "pool_min '-1' is not a whole number from 0 to 1000")]
    [InlineData("pool_size=5&pool_min=10", "asks for a pool of at least 10 connections but at most 5")]
    public void PoolParameters_OutOfRange_AreRefusedWithTheReason(string query, string expected)
    {
        Assert.False(DatabaseUrl.TryParse("postgres://gw:secret-pw@db/gateway?" + query, out _, out var error));

        Assert.Equal(expected, error);
    }

    [Fact]
    public void PostgresqlScheme_AndDefaults()
    {
        Assert.True(DatabaseUrl.TryParse("postgresql://gw@localhost/gateway", out var url, out _));

        var builder = new NpgsqlConnectionStringBuilder(url!.ConnectionString);
        Assert.Equal(5432, builder.Port);
        Assert.Null(builder.Password);
        Assert.Equal("mcpgw", builder.ApplicationName);
        Assert.Equal("postgres://gw@localhost:5432/gateway", url.ToString());
    }

    [Fact]
    public void Ipv6Host_IsUnbracketed()
    {
        Assert.True(DatabaseUrl.TryParse("postgres://gw:pw@[::1]:5433/db", out var url, out _));

        Assert.Equal("::1", new NpgsqlConnectionStringBuilder(url!.ConnectionString).Host);
    }

    [Fact]
    public void ConnectionString_IsTakenAsIs()
    {
        Assert.True(DatabaseUrl.TryParse("Host=10.0.0.5;Port=5433;Username=gw;Password=secret;Database=gateway;SSL Mode=Require", out var url, out _));

        var builder = new NpgsqlConnectionStringBuilder(url!.ConnectionString);
        Assert.Equal(("10.0.0.5", 5433, "gateway", "secret", SslMode.Require), (builder.Host, builder.Port, builder.Database, builder.Password, builder.SslMode));
    }

    [Fact]
    public void ToString_NeverShowsThePassword()
    {
        Assert.True(DatabaseUrl.TryParse("postgres://gw:hunter2@db:5432/gateway", out var fromUrl, out _));
        Assert.True(DatabaseUrl.TryParse("Host=db;Username=gw;Password=hunter2;Database=gateway", out var fromConnectionString, out _));

        Assert.Equal("postgres://gw@db:5432/gateway", fromUrl!.ToString());
        Assert.Equal("postgres://gw@db:5432/gateway", fromConnectionString!.ToString());
    }

    [Theory]
    [InlineData("postgres://gw:hunter2@db/gateway?sslmode=sometimes", "sslmode 'sometimes'")]
    [InlineData("postgres://gw:hunter2@db/gateway?pool=9", "'pool' is not supported")]
    [InlineData("postgres://gw:hunter2@db/gateway?connect_timeout=soon", "connect_timeout 'soon'")]
    [InlineData("postgres://gw:hunter2@:5432/gateway", "not a valid postgres://")]
    [InlineData("Username=gw;Password=hunter2;Database=gateway", "names no host")]
    [InlineData("Host=db;Password=hunter2;Colour=blue", "the setting 'colour' is unknown")]
    [InlineData("Host=db;Password=hunter2;Port=many", "the setting 'port' is unknown or its value is invalid")]
    [InlineData("hunter2", "neither a postgres:// URL nor a valid Npgsql connection string")]
    public void Invalid_SaysWhy_WithoutThePassword(string text, string expected)
    {
        Assert.False(DatabaseUrl.TryParse(text, out var url, out var error));

        Assert.Null(url);
        Assert.True(error.Contains(expected, StringComparison.Ordinal), error);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }
}
