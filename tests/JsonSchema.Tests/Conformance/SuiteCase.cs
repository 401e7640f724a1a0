using System.Text.Json;

namespace McpGateway.JsonSchema.Tests.Conformance;

/// <summary>One test of the suite: a group's schema, one instance and the expected validity.</summary>
internal sealed record SuiteCase(
    string File,
    int Group,
    int Test,
    string GroupDescription,
    string TestDescription,
    JsonElement Schema,
    JsonElement Data,
    bool Valid)
{
    public string Id => $"{Path.GetFileName(File)} [{Group}/{Test}] {GroupDescription} / {TestDescription}";
}
