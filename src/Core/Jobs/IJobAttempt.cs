using System.Text.Json.Nodes;

namespace McpGateway.Core.Jobs;

/// <summary>
/// The runner's line to the job's grain for one attempt: every report is refused (false) once the attempt is no longer
/// the job's current one (it was cancelled, or the job was taken up elsewhere), and the runner then stops its call.
/// </summary>
public interface IJobAttempt
{
    /// <summary>The call is about to leave for the backend: from then on its outcome may be unknown.</summary>
    ValueTask<bool> DispatchingAsync();

    /// <summary>The backend's latest progress (<c>progress</c>, <c>total</c>, <c>message</c>).</summary>
    ValueTask<bool> ProgressAsync(JsonObject progress);

    /// <summary>How the attempt ended.</summary>
    ValueTask FinishAsync(JobAttemptOutcome outcome);
}
