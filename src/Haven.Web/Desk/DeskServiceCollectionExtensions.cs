using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;

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
        // PostConfigure: the Razor Pages setup registered later would not see a convention added before it.
        services.PostConfigure<RazorPagesOptions>(o => o.Conventions.ConfigureFilter(new CampaignerFence()));
        services.AddAuthentication(DeskAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, DeskAuthentication>(DeskAuthentication.SchemeName, null);
        return services;
    }
}
