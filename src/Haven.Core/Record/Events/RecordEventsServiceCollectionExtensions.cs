using Haven.Record.Index;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Record.Events;

/// <summary>The registration of events, victims and the coding index, called from <c>AddRecord</c>.</summary>
internal static class RecordEventsServiceCollectionExtensions
{
    /// <summary>Registers the numbering of versions (a save step), the commands and queries of events and victims, and the in-memory coding index.</summary>
    public static IServiceCollection AddRecordEvents(this IServiceCollection services)
    {
        services.AddSingleton<Storage.ISaveStep, RecordVersionNumbering>();
        services.AddSingleton<RecordVersionWriter>();
        services.AddSingleton<RecordValidator>();
        services.AddSingleton<CreateEventCommand>();
        services.AddSingleton<SaveEventCommand>();
        services.AddSingleton<SaveVictimCommand>();
        services.AddSingleton<EventQuery>();
        services.AddSingleton<CodingIndex>();
        services.AddSingleton<CodingQuery>();
        services.AddSingleton<DocumentationListQuery>();
        return services;
    }
}
