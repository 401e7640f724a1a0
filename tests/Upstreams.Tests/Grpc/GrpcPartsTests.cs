using Grpc.Core;
using McpGateway.Core.Identity;
using McpGateway.Provider.V1;
using McpGateway.Upstreams.Grpc;

namespace McpGateway.Upstreams.Tests.Grpc;

/// <summary>The pieces of the grpc transport that need no provider: metadata, URIs, status mapping, result mapping.</summary>
public sealed class GrpcPartsTests
{
    [Fact]
    public async Task Metadata_carries_correlation_id_user_secret_and_trace_but_nothing_else_of_the_caller()
    {
        Metadata? metadata = null;
        await Task.Run(() =>
        {
            TraceContext.RequestId = "req-42";
            TraceContext.UserId = "zoë";
            TraceContext.Current = ("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "k=v");
            metadata = GrpcCallMetadata.Build(new Dictionary<string, string> { ["X-Api-Key"] = "static" }, "secret");
        });

        Assert.Equal("req-42", metadata!.GetValue("x-correlation-id"));
        Assert.Equal("zo%C3%AB", metadata.GetValue("x-user-id"));
        Assert.Equal("secret", metadata.GetValue("x-gateway-auth"));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", metadata.GetValue("traceparent"));
        Assert.Equal("k=v", metadata.GetValue("tracestate"));
        Assert.Equal("static", metadata.GetValue("x-api-key"));
        Assert.DoesNotContain(metadata, e => e.Key == "authorization");
        Assert.Equal(6, metadata.Count);
    }

    [Fact]
    public void Resource_uris_are_prefixed_with_the_backend_and_restored_only_for_it()
    {
        var uris = new ProviderResourceUris("hello-go", prefix: true);
        Assert.Equal("hello-go+hello://greeting", uris.Expose("hello://greeting"));
        Assert.Equal("hello://greeting", uris.Restore("hello-go+hello://greeting"));
        Assert.Null(uris.Restore("hello-cs+hello://greeting"));
        Assert.Null(uris.Restore("hello://greeting"));
        Assert.Null(uris.Restore("hello-go+"));

        var plain = new ProviderResourceUris("hello-go", prefix: false);
        Assert.Equal("hello://greeting", plain.Expose("hello://greeting"));
        Assert.Equal("hello://greeting", plain.Restore("hello://greeting"));
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument, "tools/call", -32602)]
    [InlineData(StatusCode.NotFound, "resources/read", -32002)]
    [InlineData(StatusCode.NotFound, "tools/call", -32602)]
    [InlineData(StatusCode.Unimplemented, "prompts/get", -32601)]
    [InlineData(StatusCode.PermissionDenied, "tools/call", -32603)]
    [InlineData(StatusCode.DeadlineExceeded, "tools/call", -32011)]
    [InlineData(StatusCode.Internal, "tools/call", -32603)]
    public void Statuses_map_to_the_documented_json_rpc_codes(StatusCode status, string method, int code)
    {
        var error = GrpcErrors.ToJsonRpc(new RpcException(new Status(status, "detail")), method);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Theory]
    [InlineData("echo.v1", true)]
    [InlineData("files.read_text.v12", true)]
    [InlineData("echo", false)]
    [InlineData("echo.V1", false)]
    [InlineData("echo.v", false)]
    [InlineData(".v1", false)]
    public void Tool_names_must_be_versioned(string name, bool valid)
    {
        var (tool, problem) = ProviderMapping.Tool(new ToolDefinition { Name = name, InputSchemaJson = """{"type":"object"}""" });
        Assert.Equal(valid, tool is not null);
        Assert.Equal(valid, problem is null);
    }

    [Fact]
    public void A_tool_with_a_schema_that_is_not_a_json_object_is_left_out()
    {
        Assert.NotNull(ProviderMapping.Tool(new ToolDefinition { Name = "a.v1", InputSchemaJson = "[" }).Problem);
        Assert.NotNull(ProviderMapping.Tool(new ToolDefinition { Name = "a.v1", InputSchemaJson = "{}", OutputSchemaJson = "true" }).Problem);
    }

    [Fact]
    public void Results_take_mcp_shape_with_exposed_uris()
    {
        var uris = new ProviderResourceUris("p", prefix: true);
        var result = ProviderMapping.CallResult(new InvokeResponse
        {
            Content =
            {
                new Content { Text = "t" },
                new Content { Image = new Media { Data = Google.Protobuf.ByteString.CopyFrom(1, 2), MimeType = "image/png" } },
                new Content { ResourceLink = new ResourceLink { Uri = "hello://greeting", Name = "g" } },
            },
            StructuredContentJson = """{"a":1}""",
            IsError = true,
        }, uris);

        var expected = System.Text.Json.Nodes.JsonNode.Parse("""{"content":[{"type":"text","text":"t"},{"type":"image","data":"AQI=","mimeType":"image/png"},{"type":"resource_link","uri":"p+hello://greeting","name":"g"}],"structuredContent":{"a":1},"isError":true}""");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, result), result.ToJsonString());
        Assert.Throws<ProviderAnswerException>(() => ProviderMapping.CallResult(new InvokeResponse { StructuredContentJson = "[1]" }, uris));
    }
}
