namespace Haven.Web.Intake;

internal static class IntakeServiceCollectionExtensions
{
    public static IServiceCollection AddHavenIntake(this IServiceCollection services, IConfiguration configuration)
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
