using McpGateway.Edge.Hosting;
using McpGateway.Edge.Identity.Jwt;

namespace McpGateway.Edge.Identity;

/// <summary>Registers the authenticator of the configured auth mode.</summary>
internal static class AuthenticationServices
{
    public static IServiceCollection AddCallerAuthentication(this IServiceCollection services, GatewayOptions options)
    {
        if (options.AuthMode == "none")
        {
            services.AddSingleton<ICallerAuthenticator, AnonymousAuthenticator>();
            return services;
        }

        services.AddSingleton(options.Jwt);
        if (options.Jwt.JwksUrl is not null)
        {
            services.AddSingleton<IJwtKeyProvider>(sp => new JwksKeyProvider(
                options.Jwt,
                new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                {
                    Timeout = TimeSpan.FromSeconds(10),
                    MaxResponseContentBufferSize = 1024 * 1024,
                },
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<JwksKeyProvider>>()));
        }
        else
        {
            services.AddSingleton<IJwtKeyProvider>(new SecretKeyProvider(options.Jwt.SecretKey!));
        }

        services.AddSingleton(sp => new JwtTokenValidator(options.Jwt, sp.GetRequiredService<IJwtKeyProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICallerAuthenticator, JwtAuthenticator>();
        return services;
    }
}
