using Microsoft.Extensions.DependencyInjection;

namespace Haven.Cases;

/// <summary>The registration of the Cases area: <see cref="AddHavenCases"/>.</summary>
internal static class CasesServiceCollectionExtensions
{
    /// <summary>Registers the numbering of new records (a save step of the audited writer), the desk's view of cases and its commands on them: inbox, case, replies, grants, case data and notes.</summary>
    public static IServiceCollection AddHavenCases(this IServiceCollection services)
    {
        services.AddSingleton<Storage.ISaveStep, RecordNumbering>();
        services.AddSingleton<InboxQuery>();
        services.AddSingleton<CaseQuery>();
        services.AddSingleton<ReplyCommand>();
        services.AddSingleton<CaseAccessWriter>();
        services.AddSingleton<GrantCaseCommand>();
        services.AddSingleton<RevokeCaseCommand>();
        services.AddSingleton<AssignCaseCommand>();
        services.AddSingleton<CaseHoldersQuery>();
        services.AddSingleton<TeamRecordWriter>();
        services.AddSingleton<SaveCaseDataCommand>();
        services.AddSingleton<AddNoteCommand>();
        return services;
    }
}
