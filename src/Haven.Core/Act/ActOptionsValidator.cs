using Microsoft.Extensions.Options;

namespace Haven.Act;

/// <summary>Checks <see cref="ActOptions"/> at start-up, with a message that names the setting.</summary>
internal sealed class ActOptionsValidator : IValidateOptions<ActOptions>
{
    public ValidateOptionsResult Validate(string? name, ActOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
