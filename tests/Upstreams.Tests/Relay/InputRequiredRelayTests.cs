using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;
using McpGateway.Upstreams.Relay;

namespace McpGateway.Upstreams.Tests.Relay;

/// <summary>
/// One round of an <c>input_required</c> result answered with the client: the retry's params, or why there are none as a
/// failure (never an exception), the client's own error answer included.
/// </summary>
public sealed class InputRequiredRelayTests
{
    private static readonly JsonObject Call = new() { ["name"] = "ask", ["arguments"] = new JsonObject { ["q"] = 1 } };

    private static JsonObject InputRequired(JsonObject requests, string? state = "s1")
    {
        var result = new JsonObject { ["resultType"] = "input_required", ["inputRequests"] = requests };
        if (state is not null)
        {
            result["requestState"] = state;
        }

        return result;
    }

    private static JsonObject Elicit(string message) => new() { ["method"] = "elicitation/create", ["params"] = new JsonObject { ["message"] = message } };

    private static ClientLink Client(ClientRequester ask, string? cannotAsk = null) => new()
    {
        Ask = ask,
        Capabilities = new JsonObject { ["elicitation"] = new JsonObject() },
        CannotAsk = cannotAsk,
    };

    [Fact]
    public async Task TheClientsAnswers_MakeTheRetry_WithTheBackendsState()
    {
        var asked = new List<string>();
        var client = Client((method, parameters, _) =>
        {
            asked.Add(parameters["message"]!.GetValue<string>());
            return ValueTask.FromResult<JsonNode>(new JsonObject { ["action"] = "accept", ["for"] = parameters["message"]!.GetValue<string>() });
        });

        var (retry, failure) = await InputRequiredRelay.NextRoundAsync(Call, InputRequired(new JsonObject { ["a"] = Elicit("first"), ["b"] = Elicit("second") }), client, CancellationToken.None);

        Assert.Null(failure);
        Assert.Equal(["first", "second"], asked.Order(StringComparer.Ordinal));
        Assert.Equal("first", retry!["inputResponses"]!["a"]!["for"]!.GetValue<string>());
        Assert.Equal("second", retry["inputResponses"]!["b"]!["for"]!.GetValue<string>());
        Assert.Equal("s1", retry["requestState"]!.GetValue<string>());
        Assert.Equal(1, retry["arguments"]!["q"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheClientsErrorAnswer_IsAnErrorFailure_KeepingItsCodeAndData()
    {
        var client = Client((_, _, _) => throw new GatewayException(new GatewayError(GatewayErrorKind.BackendError, "User declined", null, -32042, new JsonObject { ["why"] = "no" })));

        var (retry, failure) = await InputRequiredRelay.NextRoundAsync(Call, InputRequired(new JsonObject { ["a"] = Elicit("first") }), client, CancellationToken.None);

        Assert.Null(retry);
        Assert.Equal((BackendFailureKind.Error, "User declined", -32042), (failure!.Kind, failure.Message, failure.Code));
        Assert.Equal("""{"why":"no"}""", failure.Data?.ToJsonString());
    }

    [Fact]
    public async Task RequestsTheClientCannotAnswer_AreProtocolFailures_AndNobodyIsAsked()
    {
        var asked = 0;
        ClientRequester ask = (_, _, _) =>
        {
            asked++;
            return ValueTask.FromResult<JsonNode>(new JsonObject());
        };

        async Task<BackendFailure?> Round(JsonObject result, ClientLink client) =>
            (await InputRequiredRelay.NextRoundAsync(Call, result, client, CancellationToken.None)).Failure;

        var nothing = await Round(InputRequired([], state: null), Client(ask));
        Assert.Equal((BackendFailureKind.Protocol, "The backend asked for input without saying what it needs"), (nothing!.Kind, nothing.Message));

        var noMethod = await Round(InputRequired(new JsonObject { ["a"] = Elicit("first"), ["b"] = new JsonObject { ["params"] = new JsonObject() } }), Client(ask));
        Assert.Equal((BackendFailureKind.Protocol, "The backend's input request 'b' has no method"), (noMethod!.Kind, noMethod.Message));

        var away = await Round(InputRequired(new JsonObject { ["a"] = Elicit("first") }), Client(ask, cannotAsk: "the job's caller is not connected"));
        Assert.Equal("The backend needs 'elicitation/create' from the client, but the job's caller is not connected", away!.Message);

        var undeclared = await Round(InputRequired(new JsonObject { ["a"] = new JsonObject { ["method"] = "sampling/createMessage" } }), Client(ask));
        Assert.Equal("The backend needs 'sampling/createMessage' from a client that did not declare that capability", undeclared!.Message);

        Assert.Equal(0, asked);
    }

    [Fact]
    public void TooManyRounds_IsAProtocolFailure_NamingTheBackend()
    {
        var failure = InputRequiredRelay.TooManyRounds("b");
        Assert.Equal((BackendFailureKind.Protocol, $"Backend 'b' asked for input more than {InputRequiredRelay.MaxRounds} times"), (failure.Kind, failure.Message));
        Assert.Equal(GatewayErrorKind.BackendError, failure.ToGatewayError("b").Kind);
    }
}
