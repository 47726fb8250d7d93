using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Mail;

/// <summary>The registration of the mail sender and its outbox (issue 18): <see cref="AddMail"/>.</summary>
internal static class MailServiceCollectionExtensions
{
    /// <summary>Registers the mail options (<c>Haven:Mail</c>, validated at start-up) and the outbox's services.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection("Haven:Mail")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();

        // The SMTP sender and the outbox (Mail/): branch outbox.
        return services;
    }
}
