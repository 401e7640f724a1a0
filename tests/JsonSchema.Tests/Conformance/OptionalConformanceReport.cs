using System.Text;
using Xunit.Abstractions;

namespace McpGateway.JsonSchema.Tests.Conformance;

/// <summary>
/// Optional suite tests (tests/draft2020-12/optional, optional/format with format assertion on, and draft7 if
/// present): computes and prints pass rates without failing the build on optional gaps. It only fails when a
/// case throws something other than a schema load error — a crash is never acceptable.
/// </summary>
public sealed class OptionalConformanceReport(ITestOutputHelper output)
{
    [Fact]
    public void OptionalSuites_ReportPassRate()
    {
        var report = new StringBuilder();
        var optional = Path.Combine(TestSuite.TestsFolder("draft2020-12"), "optional");
        var (passed, total) = RunFolder(optional, ValidationOptions.Default, report);
        var (formatPassed, formatTotal) = RunFolder(Path.Combine(optional, "format"), new ValidationOptions { AssertFormat = true }, report);
        var (draft7Passed, draft7Total) = RunFolder(TestSuite.TestsFolder("draft7"), ValidationOptions.Default, report);

        var summary = new StringBuilder()
            .AppendLine($"optional (non-format): {passed}/{total} passed")
            .AppendLine($"optional/format (AssertFormat=true): {formatPassed}/{formatTotal} passed")
            .AppendLine(draft7Total == 0 ? "draft7: no tests in the suite folder" : $"draft7 required: {draft7Passed}/{draft7Total} passed")
            .ToString();
        output.WriteLine(summary);
        output.WriteLine(report.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "optional-conformance.txt"), summary + Environment.NewLine + report);

        Assert.True(total > 0 && formatTotal > 0, "optional suites not found");
    }

    private static (int Passed, int Total) RunFolder(string folder, ValidationOptions options, StringBuilder report)
    {
        var passed = 0;
        var total = 0;
        foreach (var testCase in TestSuite.Cases(folder))
        {
            total++;
            var failure = TestSuite.Run(testCase, options);
            if (failure is null)
            {
                passed++;
            }
            else
            {
                report.AppendLine($"FAIL {testCase.Id}: {failure}");
            }
        }

        return (passed, total);
    }
}
