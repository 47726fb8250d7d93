using Microsoft.Extensions.DependencyInjection;

namespace Haven.TeamTexts;

/// <summary>The registration of the TeamTexts area: <see cref="AddHavenTeamTexts"/>.</summary>
internal static class TeamTextsServiceCollectionExtensions
{
    /// <summary>Registers the team texts: their in-memory copy and the command that changes them.</summary>
    public static IServiceCollection AddHavenTeamTexts(this IServiceCollection services)
    {
        services.AddSingleton<TeamTextStore>();
        services.AddSingleton<SetTeamTextCommand>();
        return services;
    }
}
