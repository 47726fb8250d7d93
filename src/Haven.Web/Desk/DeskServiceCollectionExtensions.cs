using Microsoft.AspNetCore.Authentication;

namespace Haven.Web.Desk;

internal static class DeskServiceCollectionExtensions
{
    public static IServiceCollection AddHavenDesk(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeskOptions>().Bind(configuration.GetSection("Haven:Desk"))
            .Validate(o => o.IdleTimeout > TimeSpan.Zero, "Haven:Desk:IdleTimeout must be positive.").ValidateOnStart();
        services.AddSingleton<DeskSessions>();
        services.AddSingleton<DeviceCookies>();
        services.AddSingleton<InvitationLinks>();
        services.AddAuthentication(DeskAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, DeskAuthentication>(DeskAuthentication.SchemeName, null);
        return services;
    }
}
