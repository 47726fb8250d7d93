namespace Haven.Web.Setup;

internal static class SetupServiceCollectionExtensions
{
    public static IServiceCollection AddHavenSetup(this IServiceCollection services) => services.AddSingleton<SetupState>();
}
