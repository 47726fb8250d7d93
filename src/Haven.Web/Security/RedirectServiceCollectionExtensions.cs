using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Haven.Web.Security;

internal static class RedirectServiceCollectionExtensions
{
    /// <summary>Replaces the framework's redirect executors with the encoding ones (after AddRazorPages).</summary>
    public static IServiceCollection AddEncodedRedirects(this IServiceCollection services)
    {
        services.AddSingleton<RedirectResultExecutor>();
        services.AddSingleton<LocalRedirectResultExecutor>();
        services.AddSingleton<IActionResultExecutor<RedirectResult>, EncodedRedirectExecutor>();
        services.AddSingleton<IActionResultExecutor<LocalRedirectResult>, EncodedLocalRedirectExecutor>();
        return services;
    }
}
