using Microsoft.Extensions.Options;

namespace Haven.Mail;

/// <summary>Checks <see cref="MailOptions"/> at start-up, with a message that names the setting.</summary>
internal sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
