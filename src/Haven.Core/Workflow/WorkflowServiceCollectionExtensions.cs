using Microsoft.Extensions.DependencyInjection;

namespace Haven.Workflow;

/// <summary>The registration of the Workflow area: <see cref="AddHavenWorkflow"/>.</summary>
internal static class WorkflowServiceCollectionExtensions
{
    /// <summary>Registers the workflow (<c>Haven:Workflow</c>, validated at start-up): transitions, the checklist and the case page's queries.</summary>
    public static IServiceCollection AddHavenWorkflow(this IServiceCollection services)
    {
        services.AddOptions<WorkflowOptions>().BindConfiguration("Haven:Workflow")
            .Validate(o => o.MaxTextLength is >= 100 and <= 100_000, "Haven:Workflow:MaxTextLength must be between 100 and 100000.")
            .ValidateOnStart();
        services.AddSingleton<TransitionCommand>();
        services.AddSingleton<CheckItemCommand>();
        services.AddSingleton<ChecklistItemsQuery>();
        services.AddSingleton<AddChecklistItemCommand>();
        services.AddSingleton<ChecklistItemEditor>();
        services.AddSingleton<SetChecklistItemActiveCommand>();
        services.AddSingleton<MoveChecklistItemCommand>();
        services.AddSingleton<CaseWorkQuery>();
        services.AddSingleton<CasePageQuery>();
        services.AddSingleton<GrantCandidatesQuery>();
        return services;
    }
}
