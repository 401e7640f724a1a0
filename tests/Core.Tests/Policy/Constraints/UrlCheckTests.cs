using System.Text.Json.Nodes;
using McpGateway.Core.Policy.Constraints;

namespace McpGateway.Core.Tests.Policy.Constraints;

public sealed class UrlCheckTests
{
    private static readonly UrlCheck Open = new(["http", "https"], null, null, AllowPrivate: false);

    private static readonly UrlCheck Listed = new(["https"], ["api.example.com", "*.example.org"], [443], AllowPrivate: false);

    [Theory]
    [InlineData("https://example.com/path?q=1#f")]
    [InlineData("https://EXAMPLE.com")]
    [InlineData("http://8.8.8.8/")]
    [InlineData("http://[2606:4700:4700::1111]/")]
    [InlineData("https://example.com:8443/")]
    [InlineData("https://xn--mnchen-3ya.de/")]
    [InlineData("https://example.com./")]
    [InlineData("https://example.com/#@127.0.0.1")]
    [InlineData("https://example.com/?next=http://127.0.0.1/")]
    public void PublicUrl_Passes(string url) => Assert.Null(Open.Check(JsonValue.Create(url)));

    [Theory]
    [InlineData("http://127.0.0.1/", "private-address")]
    [InlineData("http://127.0.0.1./", "private-address")]
    [InlineData("http://127.255.255.254:8080/", "private-address")]
    [InlineData("http://localhost/", "private-address")]
    [InlineData("http://LOCALHOST./", "private-address")]
    [InlineData("http://api.localhost/", "private-address")]
    [InlineData("http://2130706433/", "private-address")]          // decimal
    [InlineData("http://0x7f000001/", "private-address")]          // hex
    [InlineData("http://0X7F.0.0.1/", "private-address")]
    [InlineData("http://0177.0.0.1/", "private-address")]          // octal
    [InlineData("http://0177.0000.0000.0001/", "private-address")]
    [InlineData("http://0x7f.1/", "private-address")]
    [InlineData("http://127.1/", "private-address")]
    [InlineData("http://127.0.1/", "private-address")]
    [InlineData("http://017700000001/", "private-address")]
    [InlineData("http://0/", "private-address")]
    [InlineData("http://0.0.0.0/", "private-address")]
    [InlineData("http://0x/", "private-address")]
    [InlineData("http://10.1.2.3/", "private-address")]
    [InlineData("http://172.16.5.4/", "private-address")]
    [InlineData("http://172.31.255.255/", "private-address")]
    [InlineData("http://192.168.1.1/", "private-address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "private-address")]
    [InlineData("http://2852039166/", "private-address")]          // 169.254.169.254
    [InlineData("http://100.64.0.1/", "private-address")]
    [InlineData("http://224.0.0.1/", "private-address")]
    [InlineData("http://255.255.255.255/", "private-address")]
    [InlineData("http://[::1]/", "private-address")]
    [InlineData("http://[0:0:0:0:0:0:0:1]/", "private-address")]
    [InlineData("http://[::]/", "private-address")]
    [InlineData("http://[::ffff:127.0.0.1]/", "private-address")]
    [InlineData("http://[::ffff:7f00:1]/", "private-address")]
    [InlineData("http://[0:0:0:0:0:ffff:127.0.0.1]/", "private-address")]
    [InlineData("http://[::ffff:169.254.169.254]/", "private-address")]
    [InlineData("http://[::127.0.0.1]/", "private-address")]
    [InlineData("http://[64:ff9b::7f00:1]/", "private-address")]
    [InlineData("http://[2002:7f00:1::]/", "private-address")]
    [InlineData("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "private-address")] // Teredo
    [InlineData("http://[fe80::1]/", "private-address")]
    [InlineData("http://[fc00::1]/", "private-address")]
    [InlineData("http://[fd12:3456::1]/", "private-address")]
    [InlineData("http://[ff02::1]/", "private-address")]
    [InlineData("http://１２７.０.０.１/", "non-ascii-host")]        // fullwidth digits: IDNA makes them 127.0.0.1
    [InlineData("http://127。0。0。1/", "non-ascii-host")]            // ideographic full stops
    [InlineData("http://ｌｏｃａｌｈｏｓｔ/", "non-ascii-host")]
    [InlineData("http://𝐥𝐨𝐜𝐚𝐥𝐡𝐨𝐬𝐭/", "non-ascii-host")]            // mathematical letters
    [InlineData("http://exam​ple.com/", "non-ascii-host")]     // zero-width space
    [InlineData("https://münchen.de/", "non-ascii-host")]
    [InlineData("http://[fe80::1%25eth0]/", "encoded-host")]
    [InlineData("http://%31%32%37.0.0.1/", "encoded-host")]
    [InlineData("http://127.0.0.1%2f@evil.com/", "userinfo")]
    [InlineData("http://evil.com@127.0.0.1/", "userinfo")]
    [InlineData("http://127.0.0.1:80@evil.com/", "userinfo")]
    [InlineData("http://user:pass@example.com/", "userinfo")]
    [InlineData("http://@example.com/", "userinfo")]
    [InlineData("http://example.com\\@127.0.0.1/", "invalid-characters")]
    [InlineData("http://exa mple.com/", "invalid-characters")]
    [InlineData("http://example.com/\r\nHost: 127.0.0.1", "invalid-characters")]
    [InlineData(" http://example.com/", "invalid-characters")]
    [InlineData("file:///etc/passwd", "scheme")]
    [InlineData("gopher://127.0.0.1:70/_x", "scheme")]
    [InlineData("ftp://example.com/", "scheme")]
    [InlineData("javascript:alert(1)", "scheme")]
    [InlineData("http:example.com", "not-a-url")]
    [InlineData("http:/example.com", "not-a-url")]
    [InlineData("//example.com/", "not-a-url")]
    [InlineData("example.com", "not-a-url")]
    [InlineData("http://", "invalid-host")]
    [InlineData("http:///etc/passwd", "invalid-host")]
    [InlineData("http://a..b/", "invalid-host")]
    [InlineData("http://example.com../", "invalid-host")]
    [InlineData("http://1.2.3.4.5/", "invalid-host")]
    [InlineData("http://256.1.1.1/", "invalid-host")]
    [InlineData("http://4294967296/", "invalid-host")]
    [InlineData("http://08.0.0.1/", "invalid-host")]
    [InlineData("http://[127.0.0.1]/", "invalid-host")]
    [InlineData("http://[::1/", "not-a-url")]
    [InlineData("http://example.com:99999/", "invalid-port")]
    [InlineData("http://example.com:-1/", "invalid-port")]
    [InlineData("http://example.com:80:80/", "not-a-url")]
    public void PrivateOrTricky_IsRefused_NamingTheReason(string url, string reason) =>
        Assert.Equal(reason, Open.Check(JsonValue.Create(url))?.Reason);

    [Theory]
    [InlineData("https://api.example.com/v1", null)]
    [InlineData("https://API.EXAMPLE.COM./v1", null)]
    [InlineData("https://a.b.example.org/", null)]
    [InlineData("https://example.org/", "host-not-allowed")]
    [InlineData("https://example.com/", "host-not-allowed")]
    [InlineData("https://evil-api.example.com/", "host-not-allowed")]
    [InlineData("https://api.example.com.evil.com/", "host-not-allowed")]
    [InlineData("https://evilexample.org/", "host-not-allowed")]
    [InlineData("https://127.0.0.1.nip.io/", "host-not-allowed")]
    [InlineData("http://api.example.com/", "scheme")]
    [InlineData("https://api.example.com:8443/", "port-not-allowed")]
    [InlineData("https://api.example.com:443/", null)]
    public void AllowLists_OfHostsSchemesAndPorts(string url, string? reason) =>
        Assert.Equal(reason, Listed.Check(JsonValue.Create(url))?.Reason);

    [Fact]
    public void AllowPrivate_LetsLoopbackThrough_ButNotTricks()
    {
        var local = new UrlCheck(["http"], null, null, AllowPrivate: true);
        Assert.Null(local.Check(JsonValue.Create("http://127.0.0.1:8080/")));
        Assert.Equal("userinfo", local.Check(JsonValue.Create("http://a@127.0.0.1/"))?.Reason);
    }

    [Fact]
    public void NotAString_IsRefused() => Assert.Equal("not-a-string", Open.Check(JsonValue.Create(42))?.Reason);
}
