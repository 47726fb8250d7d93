using Haven.Abuse;
using Haven.Accounts;
using Haven.Act;
using Haven.Alerts;
using Haven.Audit;
using Haven.Cases;
using Haven.Cluster;
using Haven.Evidence;
using Haven.Figures;
using Haven.Files;
using Haven.Instance;
using Haven.Intake;
using Haven.Mail;
using Haven.Record;
using Haven.Retention;
using Haven.Storage;
using Haven.TeamTexts;
using Haven.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Haven;

/// <summary>The registration of all of Haven.Core: <see cref="AddHavenCore"/>.</summary>
internal static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the clock and every Core area, each through its own <c>AddHaven…</c>; their order does not matter.</summary>
    public static IServiceCollection AddHavenCore(this IServiceCollection services, DataDirectory data, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHavenStorage(data);
        services.AddHavenInstance();
        services.AddHavenAbuse(configuration);
        services.AddHavenLeases(configuration);
        services.AddHavenAccounts(configuration);
        services.AddHavenAudit();
        services.AddHavenIntake(configuration);
        services.AddHavenCases();
        services.AddHavenWorkflow();
        services.AddHavenRetention(configuration);
        services.AddHavenFiles(configuration);
        services.AddHavenEvidence(configuration);
        services.AddHavenTeamTexts();
        services.AddRecord(configuration);
        services.AddFigures(configuration);
        services.AddAct(configuration);
        services.AddMail(configuration);
        services.AddAlerts(configuration);
        return services;
    }
}
