using Microsoft.Extensions.DependencyInjection;

namespace Haven.Record.Keys;

/// <summary>The registration of the documentation key: <see cref="AddRecordKeys"/>, called from the Record area's registration.</summary>
internal static class RecordKeysServiceCollectionExtensions
{
    /// <summary>Registers <see cref="DocumentationKeys"/>.</summary>
    public static IServiceCollection AddRecordKeys(this IServiceCollection services)
    {
        services.AddSingleton<DocumentationKeys>();
        return services;
    }
}
