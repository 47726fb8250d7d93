using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Evidence;

/// <summary>The registration of the Evidence area: <see cref="AddHavenEvidence"/>.</summary>
internal static class EvidenceServiceCollectionExtensions
{
    /// <summary>Registers the capture-app proof verifier, the custody log query, the signed evidence bundle's builder, and their limits (<c>Haven:Evidence</c>, validated at start-up).</summary>
    public static IServiceCollection AddHavenEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EvidenceOptions>().Bind(configuration.GetSection("Haven:Evidence")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EvidenceOptions>, EvidenceOptionsValidator>();
        services.AddSingleton<ProofModeVerifier>();
        services.AddSingleton<CaptureProofQuery>();
        services.AddSingleton<Custody.CustodyLogQuery>();
        services.AddSingleton<Bundles.BundleStreamWriter>();
        services.AddSingleton<Bundles.BuildBundleCommand>();
        services.AddSingleton<Bundles.BundleExportGate>();
        services.AddSingleton<Bundles.EvidenceEventsQuery>();
        return services;
    }
}
