namespace Haven.Web.Files;

/// <summary>Registers the web side of files.</summary>
internal static class FilesWebServiceCollectionExtensions
{
    /// <summary>Registers the streamed form reader (<see cref="StreamingFormReader"/>) and its antiforgery check, which every upload page takes.</summary>
    public static IServiceCollection AddHavenFilesWeb(this IServiceCollection services)
    {
        services.AddSingleton<FormTokenCheck>();
        services.AddSingleton<StreamingFormReader>();
        return services;
    }
}
