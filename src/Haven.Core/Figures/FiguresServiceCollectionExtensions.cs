using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Figures;

/// <summary>
/// The registration of Figures (issue 17): <see cref="AddFigures"/>. Every part of Figures (tabulation,
/// disclosure control, releases) registers its services here, each in its own block.
/// </summary>
internal static class FiguresServiceCollectionExtensions
{
    /// <summary>Registers Figures' options (<c>Haven:Figures</c>, validated at start-up) and its services.</summary>
    public static IServiceCollection AddFigures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FiguresOptions>().Bind(configuration.GetSection("Haven:Figures")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FiguresOptions>, FiguresOptionsValidator>();

        // Disclosure control (Figures/Disclosure): branch sdc.
        services.AddSingleton<Disclosure.DisclosureAuditor>();
        services.AddSingleton<Disclosure.DisclosureControl>();

        // Tabulation and releases (Figures/Tabulation, Figures/Releases): branch releases.
        services.AddSingleton<Tabulation.FigureTabulator>();
        services.AddSingleton<Tabulation.FigureLabels>();
        services.AddSingleton<Releases.FigurePreviewer>();
        services.AddSingleton<Releases.PrepareFigureCommand>();
        services.AddSingleton<Releases.ApproveFigureCommand>();
        services.AddSingleton<Releases.DiscardFigureCommand>();
        services.AddSingleton<Releases.WithdrawFigureCommand>();
        services.AddSingleton<Releases.DeskFiguresQuery>();

        // The public pages' reads (Figures/Releases/PublicFiguresQuery): branch figpublic.
        services.AddSingleton<Releases.PublicFiguresQuery>();
        return services;
    }
}
