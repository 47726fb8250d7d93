using Microsoft.Extensions.DependencyInjection;

namespace Haven.Audit;

internal static class AuditServiceCollectionExtensions
{
    /// <summary>Registers the audit log and its views: the page of entries and the check of the chain.</summary>
    public static IServiceCollection AddHavenAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditPageQuery>();
        services.AddSingleton<AuditChainCheck>();
        return services;
    }
}
