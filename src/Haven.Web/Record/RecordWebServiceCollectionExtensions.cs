namespace Haven.Web.Record;

/// <summary>Registers the web side of Record.</summary>
internal static class RecordWebServiceCollectionExtensions
{
    /// <summary>Registers the gazetteer upload's reader (<see cref="GazetteerUploadReader"/>).</summary>
    public static IServiceCollection AddHavenRecordWeb(this IServiceCollection services)
    {
        services.AddSingleton<GazetteerUploadReader>();
        return services;
    }
}
