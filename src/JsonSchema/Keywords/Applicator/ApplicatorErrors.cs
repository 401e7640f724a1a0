using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Keywords.Applicator;

/// <summary>Detail errors for failed anyOf/oneOf, gathered only when every error was asked for.</summary>
internal static class ApplicatorErrors
{
    /// <summary>Re-runs the branches with errors enabled; only on the failure path, so success stays cheap.</summary>
    public static void CollectBranchErrors(EvaluationContext context, JsonElement instance, SchemaNode[] subschemas)
    {
        if (!context.CollectAllErrors || !context.ErrorsEnabled)
        {
            return;
        }

        foreach (var subschema in subschemas)
        {
            subschema.Evaluate(context, instance, null);
            if (context.Aborted)
            {
                return;
            }
        }
    }
}
