using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tools.Hosting;

/// <summary>
/// Who a call is made for, as the gateway says it: the <c>X-User-ID</c> header of the HTTP request (the gateway has
/// authenticated the caller and proved itself with <c>X-Gateway-Auth</c>). Over stdio there is no header: the process
/// belongs to the gateway that started it.
/// </summary>
public static class ToolCaller
{
    /// <summary>The header the gateway names the calling user in.</summary>
    public const string UserIdHeader = "X-User-ID";

    /// <summary>What <see cref="UserId"/> answers when no user is named (stdio, or a request without the header).</summary>
    public const string Unknown = "-";

    private const int MaxLength = 256;

    /// <summary>The calling user's id (at most 256 characters), or <see cref="Unknown"/>.</summary>
    public static string UserId(IServiceProvider? services)
    {
        var value = services?.GetService<IHttpContextAccessor>()?.HttpContext?.Request.Headers[UserIdHeader].ToString();
        return string.IsNullOrEmpty(value) ? Unknown : value.Length > MaxLength ? value[..MaxLength] : value;
    }
}
