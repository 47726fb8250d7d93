using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Alerts;

/// <summary>The registration of responders' content-free alerts (issue 18): <see cref="AddAlerts"/>.</summary>
internal static class AlertsServiceCollectionExtensions
{
    /// <summary>Registers the alert options (<c>Haven:Alerts</c>, validated at start-up) and the alerts' services.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection("Haven:Alerts")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();

        // Opting in on My account, noticing activity, queuing alerts (Alerts/): branch actreport. The job itself
        // (AlertJob) and the words of an alert (IAlertText) are registered by the web host.
        services.AddSingleton<AlertSettingsCommand>();
        return services;
    }
}
