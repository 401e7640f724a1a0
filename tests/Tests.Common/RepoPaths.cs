namespace McpGateway.Tests.Common;

/// <summary>Finds the repository (the folder with McpGateway.sln) and <c>shared/</c> beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodeTools => Path.Combine(Root, "tests", "node");

    public static string NodeModules => Path.Combine(NodeTools, "node_modules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("McpGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
