using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Intake;

/// <summary>The registration of the Intake area: <see cref="AddHavenIntake"/>.</summary>
internal static class IntakeServiceCollectionExtensions
{
    /// <summary>Registers the intake: its limits (<c>Haven:Intake</c>, validated at start-up), receipts and their resume tickets, requests, testimonies, messages and the source's view of the conversation.</summary>
    public static IServiceCollection AddHavenIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntakeOptions>().Bind(configuration.GetSection("Haven:Intake")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CreateReceiptCommand>();
        services.AddSingleton<OpenReceiptCommand>();
        services.AddSingleton<ResumeTicket>();
        services.AddSingleton<SubmitRequestCommand>();
        services.AddSingleton<MessageWriter>();
        services.AddSingleton<SendMessageCommand>();
        services.AddSingleton<SourceCaseQuery>();
        services.AddSingleton<SubmitTestimonyCommand>();
        services.AddSingleton<SourceConversationQuery>();
        return services;
    }
}
