using System.Text.Json.Nodes;
using McpGateway.Core.Policy;

namespace McpGateway.Core.Tests.Policy.Constraints;

/// <summary><c>constraints:</c> of policy.yaml: reading, value limits, rule ids, and every error reported at once.</summary>
public sealed class ConstraintPolicyTests
{
    private static readonly RolePolicy Policy = RolePolicyLoader.Parse("""
        roles: {}
        constraints:
          "calc.*":
            n: { type: number, min: -10, max: 10, integer: true, max_items: 3 }
          calc.div:
            d: { type: number, min: 1, required: true }
          text.say:
            message: { type: string, min_length: 1, max_length: 5, pattern: "^[a-z]*$" }
          deploy.run:
            env: { type: enum, values: [staging, production, 3, true] }
          web.fetch:
            url: { type: url, schemes: [https], hosts: ["*.example.com"] }
        """, "policy.yaml").Policy!;

    private static string? Rule(string tool, string argumentsJson) => Policy.Constraints.Check(tool, (JsonObject)JsonNode.Parse(argumentsJson)!)?.RuleId;

    [Theory]
    [InlineData("calc.add", """{"n": 5}""", null)]
    [InlineData("calc.add", """{"n": [1, -10, 10]}""", null)]
    [InlineData("calc.add", """{}""", null)]
    [InlineData("calc.add", """{"n": 11}""", "constraints[calc.*].n:above-max")]
    [InlineData("calc.add", """{"n": -11}""", "constraints[calc.*].n:below-min")]
    [InlineData("calc.add", """{"n": 1.5}""", "constraints[calc.*].n:not-an-integer")]
    [InlineData("calc.add", """{"n": 1e400}""", "constraints[calc.*].n:above-max")]
    [InlineData("calc.add", """{"n": -1e400}""", "constraints[calc.*].n:below-min")]
    [InlineData("calc.add", """{"n": "5"}""", "constraints[calc.*].n:not-a-number")]
    [InlineData("calc.add", """{"n": null}""", "constraints[calc.*].n:not-a-number")]
    [InlineData("calc.add", """{"n": {"v": 1}}""", "constraints[calc.*].n:not-a-number")]
    [InlineData("calc.add", """{"n": [1, 2, 3, 4]}""", "constraints[calc.*].n:too-many-items")]
    [InlineData("calc.add", """{"n": [1, [2, [3, 99]]]}""", "constraints[calc.*].n:above-max")]
    [InlineData("calc.add", """{"n": [[[[[[[[[[1]]]]]]]]]]}""", "constraints[calc.*].n:too-deep")]
    [InlineData("calc.div", """{"n": 1}""", "constraints[calc.div].d:missing")]
    [InlineData("calc.div", """{"n": 1, "d": 0}""", "constraints[calc.div].d:below-min")]
    [InlineData("calc.div", """{"n": 99, "d": 0}""", "constraints[calc.*].n:above-max")]
    [InlineData("text.say", """{"message": "hello"}""", null)]
    [InlineData("text.say", """{"message": "helloo"}""", "constraints[text.say].message:too-long")]
    [InlineData("text.say", """{"message": ""}""", "constraints[text.say].message:too-short")]
    [InlineData("text.say", """{"message": "héllo"}""", "constraints[text.say].message:pattern")]
    [InlineData("text.say", """{"message": "ab\ncd"}""", "constraints[text.say].message:pattern")]
    [InlineData("text.say", """{"message": "😀😀😀😀😀"}""", "constraints[text.say].message:pattern")]
    [InlineData("text.say", """{"message": 5}""", "constraints[text.say].message:not-a-string")]
    [InlineData("deploy.run", """{"env": "staging"}""", null)]
    [InlineData("deploy.run", """{"env": 3}""", null)]
    [InlineData("deploy.run", """{"env": 3.0}""", null)]
    [InlineData("deploy.run", """{"env": true}""", null)]
    [InlineData("deploy.run", """{"env": "Staging"}""", "constraints[deploy.run].env:not-allowed")]
    [InlineData("deploy.run", """{"env": "staging "}""", "constraints[deploy.run].env:not-allowed")]
    [InlineData("deploy.run", """{"env": "3"}""", null)]              // strings compare with the values as written
    [InlineData("deploy.run", """{"env": false}""", "constraints[deploy.run].env:not-allowed")]
    [InlineData("deploy.run", """{"env": ["staging"]}""", null)]
    [InlineData("deploy.run", """{"env": {"x": "staging"}}""", "constraints[deploy.run].env:not-allowed")]
    [InlineData("web.fetch", """{"url": "https://api.example.com/x"}""", null)]
    [InlineData("web.fetch", """{"url": "https://169.254.169.254/"}""", "constraints[web.fetch].url:private-address")]
    [InlineData("other.tool", """{"n": 99, "url": "http://127.0.0.1/"}""", null)]
    public void Check_NamesTheRuleOfTheFirstFailedArgument(string tool, string arguments, string? rule) =>
        Assert.Equal(rule, Rule(tool, arguments));

    [Fact]
    public void Violation_MessageNamesTheArgumentAndTheCheck()
    {
        var violation = Policy.Constraints.Check("calc.add", new JsonObject { ["n"] = 11 })!;
        Assert.Contains("argument 'n'", violation.Message, StringComparison.Ordinal);
        Assert.Contains("number", violation.Message, StringComparison.Ordinal);
        Assert.Contains("at most 10", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsEveryConstraintErrorWithItsLine()
    {
        var (policy, errors) = RolePolicyLoader.Parse("""
            roles: {}
            constraints:
              fs.read:
                path: { type: path }
                other: { type: path, roots: [relative/dir, /a/../b] }
              sql.query:
                query: { type: sql, dialect: mysql }
              web.fetch:
                url: { type: url, ports: [http], allow_private: maybe }
              calc.add:
                n: { type: number, min: 5, max: 1 }
                m: { type: numeric }
                s: { type: string, pattern: "(" , max_length: 0 }
                e: { type: enum, values: [] }
                f: "path"
              broken: [1, 2]
            risk: { high: maybe, extreme: deny }
            approvals: { expires_after_minutes: 0, webhook: "ftp://x", other: 1 }
            """, "policy.yaml");
        Assert.Null(policy);
        var text = string.Join("\n", errors);
        foreach (var line in new[] { 4, 5, 7, 9, 11, 12, 13, 14, 15, 16, 17, 18 })
        {
            Assert.Contains($"policy.yaml:{line}:", text, StringComparison.Ordinal);
        }

        Assert.Contains("missing required key 'roots'", text, StringComparison.Ordinal);
        Assert.Contains("unknown key", text, StringComparison.Ordinal);
        Assert.Contains("min is greater than max", text, StringComparison.Ordinal);
    }
}
