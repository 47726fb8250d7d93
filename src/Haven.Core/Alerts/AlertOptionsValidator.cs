using Microsoft.Extensions.Options;

namespace Haven.Alerts;

/// <summary>Checks <see cref="AlertOptions"/> at start-up, with a message that names the setting.</summary>
internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
