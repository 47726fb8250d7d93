namespace Haven.Web.Intake;

internal static class IntakeWebServiceCollectionExtensions
{
    /// <summary>Registers the intake's web side: its options (<c>Haven:Intake:QuickExitUrl</c>, validated at start-up), the source sessions and the team texts' view.</summary>
    public static IServiceCollection AddHavenIntakeWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntakeWebOptions>().Bind(configuration.GetSection("Haven:Intake"))
            .Validate(o => Uri.TryCreate(o.QuickExitUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp),
                "Haven:Intake:QuickExitUrl must be an absolute http(s) address.")
            .ValidateOnStart();
        services.AddSingleton<SourceSessions>();
        services.AddSingleton<TeamTexts.TeamTextView>();
        return services;
    }
}
