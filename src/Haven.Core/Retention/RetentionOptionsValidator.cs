using Microsoft.Extensions.Options;

namespace Haven.Retention;

/// <summary>Checks <see cref="RetentionOptions"/> at start-up, with a message that names the setting.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
