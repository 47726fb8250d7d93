using Haven.Record.Keys;
using Haven.Record.Vocabulary;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Record;

/// <summary>
/// The registration of Record (issue 15): <see cref="AddRecord"/>. Every part of Record (vocabulary, documentation
/// key, events, index) registers its services here, each in its own block.
/// </summary>
internal static class RecordServiceCollectionExtensions
{
    /// <summary>Registers Record's options (<c>Haven:Record</c>, validated at start-up) and its services.</summary>
    public static IServiceCollection AddRecord(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecordOptions>().Bind(configuration.GetSection("Haven:Record")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RecordOptions>, RecordOptionsValidator>();

        // Controlled lists and gazetteer (Record/Vocabulary).
        services.AddSingleton<RecordVocabulary>();
        services.AddSingleton<AddTermCommand>();
        services.AddSingleton<RenameTermCommand>();
        services.AddSingleton<RetireTermCommand>();
        services.AddSingleton<MoveTermCommand>();
        services.AddSingleton<SetRegionCommand>();
        services.AddSingleton<RetireRegionCommand>();
        services.AddSingleton<ImportGazetteerCommand>();
        services.AddSingleton<ExportVocabularyQuery>();

        // Documentation key (Record/Keys).
        services.AddRecordKeys();

        // Events, victims and the coding index (Record/Events, Record/Index).
        Events.RecordEventsServiceCollectionExtensions.AddRecordEvents(services);

        // Export for documentation partners (Record/Export).
        services.AddSingleton<Export.RecordExportQuery>();
        services.AddSingleton<Export.ExportRecordCommand>();
        return services;
    }
}
