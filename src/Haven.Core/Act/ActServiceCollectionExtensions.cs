using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Act;

/// <summary>
/// The registration of Act (issue 18): <see cref="AddAct"/>. Every part of Act registers its services here, each
/// in its own block.
/// </summary>
internal static class ActServiceCollectionExtensions
{
    /// <summary>Registers Act's options (<c>Haven:Act</c>, validated at start-up) and its services.</summary>
    public static IServiceCollection AddAct(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ActOptions>().Bind(configuration.GetSection("Haven:Act")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ActOptions>, ActOptionsValidator>();
        services.AddSingleton<ActSecrets>();

        // Writing Urgent Actions on the desk, targets, updates, moderation (Act/Actions): branch uadesk.
        services.AddSingleton<Actions.ActDeskQuery>();
        services.AddSingleton<Actions.CreateActionCommand>();
        services.AddSingleton<Actions.EditActionCommand>();
        services.AddSingleton<Actions.PublishActionCommand>();
        services.AddSingleton<Actions.EndActionCommand>();
        services.AddSingleton<Actions.AddUpdateCommand>();
        services.AddSingleton<Actions.SaveTargetCommand>();
        services.AddSingleton<Actions.ArrangeTargetCommand>();

        // Supporters' letters and declarations, throttles, form tokens, public reads (Act/Letters): branch actpublic.
        services.AddSingleton<Letters.ActFormTokens>();
        services.AddSingleton<Letters.ActThrottle>();
        services.AddSingleton<Letters.LetterComposer>();
        services.AddSingleton<Letters.LetterAcceptance>();
        services.AddSingleton<Letters.PublicActionsQuery>();

        // Reports and the CSV of counts (Act/Reports): branch actreport.
        services.AddOptions<Reports.ReportOptions>().Bind(configuration.GetSection("Haven:Act:Report"))
            .Validate(o => !string.IsNullOrWhiteSpace(o.FontFolder), "Haven:Act:Report:FontFolder must name a folder.").ValidateOnStart();
        services.AddSingleton<Reports.ActionReportQuery>();
        services.AddSingleton<Reports.ReportAudit>();
        return services;
    }
}
