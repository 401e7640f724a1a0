using McpGateway.Core.Catalogue;

namespace McpGateway.Core.Tests.Catalogue;

public sealed class UriTemplateMatcherTests
{
    [Theory]
    [InlineData("file:///{path}", "file:///notes.txt", true)]
    [InlineData("file:///{path}", "file:///a/b.txt", false)]
    [InlineData("file:///{+path}", "file:///a/b.txt", true)]
    [InlineData("repo://{owner}/{name}", "repo://me/proj", true)]
    [InlineData("repo://{owner}/{name}", "repo://me", false)]
    [InlineData("api://items{?page,size}", "api://items?page=2&size=5", true)]
    [InlineData("api://items{?page,size}", "api://items", true)]
    [InlineData("a.b://{x}", "aXb://1", false)]
    public void IsMatch(string template, string uri, bool expected) =>
        Assert.Equal(expected, new UriTemplateMatcher(template).IsMatch(uri));
}
