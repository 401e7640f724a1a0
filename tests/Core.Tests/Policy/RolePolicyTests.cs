using McpGateway.Core.Catalogue;
using McpGateway.Core.Identity;
using McpGateway.Core.Policy;

namespace McpGateway.Core.Tests.Policy;

public sealed class RolePolicyTests
{
    private static readonly RolePolicy Policy = RolePolicyLoader.Parse("""
        roles:
          admin:
            tools: ["*"]
            prompts: ["*"]
            resources: ["*"]
          developer:
            tools: ["hello.*", "calc.add"]
            prompts: ["hello.*"]
            resources: ["hello://*"]
            deny:
              tools: ["hello.sum"]
          viewer:
            scopes: [hello]
            tools: ["hello.echo"]
          blocked:
            deny:
              tools: ["*"]
        """, "policy.yaml").Policy!;

    private static CallerIdentity Caller(params string[] roles) => new("u", roles, null, [], false);

    [Theory]
    [InlineData("admin", CatalogueKind.Tool, "git.log", "git", true, "roles.admin.tools:*")]
    [InlineData("developer", CatalogueKind.Tool, "hello.echo", "hello", true, "roles.developer.tools:hello.*")]
    [InlineData("developer", CatalogueKind.Tool, "hello.sum", "hello", false, "roles.developer.deny.tools:hello.sum")]
    [InlineData("developer", CatalogueKind.Tool, "calc.add", "calc", true, "roles.developer.tools:calc.add")]
    [InlineData("developer", CatalogueKind.Tool, "calc.mul", "calc", false, "default-deny")]
    [InlineData("developer", CatalogueKind.Tool, "hello", "hello", false, "default-deny")]
    [InlineData("developer", CatalogueKind.Prompt, "hello.plan", "hello", true, "roles.developer.prompts:hello.*")]
    [InlineData("developer", CatalogueKind.Resource, "hello://greeting", "hello", true, "roles.developer.resources:hello://*")]
    [InlineData("developer", CatalogueKind.ResourceTemplate, "hello://{id}", "hello", true, "roles.developer.resources:hello://*")]
    [InlineData("developer", CatalogueKind.Resource, "git://log", "git", false, "default-deny")]
    [InlineData("viewer", CatalogueKind.Tool, "hello.echo", "hello", true, "roles.viewer.tools:hello.echo")]
    [InlineData("viewer", CatalogueKind.Tool, "hello.echo", "other", false, "default-deny")]
    [InlineData("viewer", CatalogueKind.Prompt, "hello.plan", "hello", false, "default-deny")]
    [InlineData("nobody", CatalogueKind.Tool, "hello.echo", "hello", false, "default-deny")]
    public void Decide_OneRole(string role, CatalogueKind kind, string name, string scope, bool allowed, string rule)
    {
        var decision = Policy.Decide(Caller(role), kind, name, scope);
        Assert.Equal((allowed, rule), (decision.Allowed, decision.RuleId));
        Assert.Equal(Policy.Version, decision.PolicyVersion);
    }

    [Fact]
    public void Decide_ExplicitDenyOfAnyRole_Wins()
    {
        Assert.True(Policy.Decide(Caller("admin"), CatalogueKind.Tool, "hello.sum", "hello").Allowed);
        Assert.False(Policy.Decide(Caller("admin", "developer"), CatalogueKind.Tool, "hello.sum", "hello").Allowed);
        Assert.False(Policy.Decide(Caller("admin", "blocked"), CatalogueKind.Tool, "git.log", "git").Allowed);
        Assert.True(Policy.Decide(Caller("viewer", "developer"), CatalogueKind.Tool, "hello.echo", "other").Allowed);
        Assert.False(Policy.Decide(Caller(), CatalogueKind.Tool, "hello.echo", "hello").Allowed);
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("hello.*", "hello.echo", true)]
    [InlineData("hello.*", "hello", false)]
    [InlineData("hello.*", "hello2.echo", false)]
    [InlineData("*.echo", "a.b.echo", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    public void NamePattern_Matches(string pattern, string value, bool expected) =>
        Assert.Equal(expected, new NamePattern(pattern).IsMatch(value));

    [Fact]
    public void NamePattern_ManyStars_StaysFast()
    {
        var pattern = new NamePattern(string.Concat(Enumerable.Repeat("a*", 50)) + "b");
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(pattern.IsMatch(new string('a', 5000)));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Load_ReportsEveryErrorWithItsLine()
    {
        var (policy, errors) = RolePolicyLoader.Parse("""
            roles:
              developer:
                tool: ["hello.*"]
                prompts: "hello.*"
                deny:
                  tools: [""]
                  actions: ["x"]
              viewer: 3
            extra: true
            """, "policy.yaml");
        Assert.Null(policy);
        var text = string.Join("\n", errors);
        Assert.Contains("policy.yaml:3:", text, StringComparison.Ordinal);
        Assert.Contains("unknown key", text, StringComparison.Ordinal);
        Assert.Contains("policy.yaml:4:", text, StringComparison.Ordinal);
        Assert.Contains("policy.yaml:6:", text, StringComparison.Ordinal);
        Assert.Contains("policy.yaml:7:", text, StringComparison.Ordinal);
        Assert.Contains("policy.yaml:8:", text, StringComparison.Ordinal);
        Assert.Contains("policy.yaml:9:", text, StringComparison.Ordinal);
        Assert.True(errors.Count >= 6, text);
    }

    [Fact]
    public void Load_TheRepositoryPolicy_IsValid()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "McpGateway.sln")))
        {
            root = root.Parent!;
        }

        var (policy, errors) = RolePolicyLoader.Load(Path.Combine(root.FullName, "config", "policy.yaml"));
        Assert.Empty(errors);
        Assert.Contains("admin", policy!.Roles.Keys);
    }

    [Theory]
    [InlineData("policy-strict.yaml", "fs.read", false)]
    [InlineData("policy-development.yaml", "fs.read", true)]
    public void Load_TheExamplePolicies_AreValid(string file, string tool, bool developerMayUse)
    {
        var (policy, errors) = RolePolicyLoader.Load(Path.Combine(McpGateway.Tests.Common.RepoPaths.Root, "docs", "examples", file));
        Assert.Empty(errors);
        Assert.Equal(developerMayUse, policy!.Decide(Caller("developer"), CatalogueKind.Tool, tool, "fs").Allowed);
        Assert.True(policy.Decide(Caller("admin"), CatalogueKind.Tool, tool, "fs").Allowed);
        Assert.NotEmpty(policy.Constraints.Entries);
    }
}
