namespace McpGateway.JsonSchema.Tests.Conformance;

/// <summary>Every required draft 2020-12 test of the official suite (files directly in tests/draft2020-12), one case each.</summary>
public sealed class Draft202012RequiredTests
{
    public static TheoryData<string, int, int, string> Cases()
    {
        var data = new TheoryData<string, int, int, string>();
        foreach (var testCase in TestSuite.Cases(TestSuite.TestsFolder("draft2020-12")))
        {
            data.Add(Path.GetFileName(testCase.File), testCase.Group, testCase.Test, testCase.GroupDescription + " / " + testCase.TestDescription);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_SuiteCase_MatchesExpected(string file, int group, int test, string description)
    {
        var testCase = TestSuite.Cases(TestSuite.TestsFolder("draft2020-12"))
            .First(c => Path.GetFileName(c.File) == file && c.Group == group && c.Test == test);

        var failure = TestSuite.Run(testCase, ValidationOptions.Default);

        Assert.True(failure is null, $"{description}: {failure}");
    }
}
