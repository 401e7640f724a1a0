using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Tests.Protocol;

/// <summary>The edge's one JSON reader: what it refuses (each rule), and the edge cases it must accept.</summary>
public sealed class StrictJsonTests
{
    private static string? Problem(byte[] body, int maxDepth = StrictJson.MaxDepth) =>
        StrictJson.TryParse(body, out _, out var problem, maxDepth) ? null : problem;

    private static string? Problem(string body) => Problem(Encoding.UTF8.GetBytes(body));

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    [Theory]
    [InlineData("""{"tag":"a","tag":"b"}""")]
    [InlineData("""{"a":1,"\u0061":2}""")]
    [InlineData("""{"\u00e9":1,"é":2}""")]
    [InlineData("""{"params":{"arguments":{"x":{"y":1,"y":1}}}}""")]
    [InlineData("""[1,{"b":[{"q":1,"q":null}]}]""")]
    public void RepeatedMemberName_AtAnyDepth_EvenEscaped_IsRefused(string body) =>
        Assert.Equal("Parse error: an object repeats a member name", Problem(body));

    [Theory]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"a":"\udfff"}""")]
    [InlineData("""{"a":"x\uDC00y"}""")]
    [InlineData("""{"a":"\ud800\n"}""")]
    [InlineData("""{"a":"\ud800\ud800"}""")]
    [InlineData("""{"a":"\ud800x"}""")]
    [InlineData("""{"a":["ok","\ud83d"]}""")]
    [InlineData("""{"\udc00":1}""")]
    [InlineData("""{"params":{"arguments":{"\ud800name":"v"}}}""")]
    public void UnpairedSurrogateEscape_InNamesAndValues_IsRefused(string body) =>
        Assert.StartsWith("Parse error: a string holds an unpaired UTF-16 surrogate escape", Problem(body));

    [Theory]
    [InlineData(new byte[] { (byte)'"', 0xFF, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xC0, 0x80, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xED, 0xA0, 0x80, (byte)'"' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', 0xE2, 0x82, (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    [InlineData(new byte[] { (byte)'"', 0xF4, 0x90, 0x80, 0x80, (byte)'"' })]
    public void InvalidUtf8_IsRefused(byte[] body) =>
        Assert.Equal("Parse error: the body is not valid UTF-8", Problem(body));

    [Fact]
    public void NestingBeyondTheLimit_IsRefused_AndAtTheLimitAccepted()
    {
        Assert.Null(Problem(Nested(StrictJson.MaxDepth)));
        Assert.StartsWith($"Parse error: objects and arrays are nested deeper than {StrictJson.MaxDepth} levels", Problem(Nested(StrictJson.MaxDepth + 1)));
        Assert.StartsWith("Parse error: objects and arrays are nested deeper than", Problem(Nested(10_000)));
        var objects = string.Concat(Enumerable.Repeat("{\"a\":", StrictJson.MaxDepth)) + "{}" + new string('}', StrictJson.MaxDepth);
        Assert.StartsWith("Parse error: objects and arrays are nested deeper than", Problem(objects));
    }

    [Fact]
    public void ASmallerDepth_IsHonoured()
    {
        Assert.Null(Problem(Encoding.UTF8.GetBytes(Nested(63)), 63));
        Assert.StartsWith("Parse error: objects and arrays are nested deeper than 63 levels", Problem(Encoding.UTF8.GetBytes(Nested(64)), 63));
        Assert.Throws<ArgumentOutOfRangeException>(() => StrictJson.TryParse("{}"u8.ToArray(), out _, out _, StrictJson.MaxDepth + 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{not json")]
    [InlineData("{} x")]
    [InlineData("{}{}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{/* comment */}")]
    [InlineData("{'a':1}")]
    [InlineData("\uFEFF{}")]
    [InlineData("{\"a\":\"\\x\"}")]
    [InlineData("{\"a\":\"\\u12\"}")]
    public void NotJson_IsRefused(string body) =>
        Assert.Equal("Parse error: the body is not valid JSON", Problem(body));

    [Theory]
    [InlineData("""{"a":"\ud83d\ude00"}""", "\U0001F600")]
    [InlineData("""{"a":"\uD83D\uDE00 and \udbff\udfff"}""", "\U0001F600 and \U0010FFFF")]
    [InlineData("""{"a":"\\ud800"}""", "\\ud800")]
    [InlineData("""{"a":"\\\ud83d\ude00"}""", "\\\U0001F600")]
    [InlineData("""{"a":"😀 é \u0000 \u00e9"}""", "😀 é \0 é")]
    public void ValidStrings_AreAccepted(string body, string value)
    {
        var node = StrictJson.Parse(Encoding.UTF8.GetBytes(body));
        Assert.Equal(value, node!["a"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"\ud83d\ude00":1,"\ud83d\ude01":2}""")]
    [InlineData("""{"a":1,"A":2,"a ":3,"":4}""")]
    [InlineData("""{"a":{"a":{"a":1}},"b":{"a":1}}""")]
    [InlineData("""[{"a":1},{"a":1}]""")]
    [InlineData("""{"n":[1e400,-0,123456789012345678901234567890,-1.5E-300]}""")]
    [InlineData("null")]
    [InlineData("  {}\r\n\t ")]
    public void EdgeCases_AreAccepted_AndSerializeAndDigestAgain(string body)
    {
        var node = StrictJson.Parse(Encoding.UTF8.GetBytes(body));
        if (node is not null)
        {
            Assert.NotNull(node.ToJsonString());
            Assert.Equal(64, JsonDigest.Digest(node).Length);
            Assert.Equal(node.ToJsonString(), JsonNode.Parse(node.ToJsonString())!.ToJsonString());
        }
    }

    [Fact]
    public void AcceptedAtTheLimit_SerializesWithTheDefaultSerializer()
    {
        var node = StrictJson.Parse(Encoding.UTF8.GetBytes(Nested(StrictJson.MaxDepth)))!;
        Assert.NotNull(System.Text.Json.JsonSerializer.Serialize(node.DeepClone()));
        Assert.Equal(64, JsonDigest.Digest(node).Length);
    }

    [Fact]
    public void Refusal_IsAParseErrorGatewayException()
    {
        var refused = Assert.Throws<GatewayException>(() => StrictJson.Parse("""{"a":1,"a":2}"""u8.ToArray()));
        Assert.Equal(GatewayErrorKind.ParseError, refused.Error.Kind);
    }

    [Fact]
    public void HugeObject_IsParsed_AndARepeatAtItsEndFound()
    {
        var body = new StringBuilder("{");
        for (var i = 0; i < 200_000; i++)
        {
            body.Append("\"k").Append(i).Append("\":\"\\u00e9\\ud83d\\ude00\",");
        }

        var unique = body.ToString().TrimEnd(',') + "}";
        var repeated = body.Append("\"k0\":1}").ToString();

        Assert.Equal(200_000, StrictJson.Parse(Encoding.UTF8.GetBytes(unique))!.AsObject().Count);
        Assert.Equal("Parse error: an object repeats a member name", Problem(repeated));
    }
}
