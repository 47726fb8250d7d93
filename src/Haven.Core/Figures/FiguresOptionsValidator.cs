using Microsoft.Extensions.Options;

namespace Haven.Figures;

/// <summary>Checks <see cref="FiguresOptions"/> at start-up, with a message that names the setting.</summary>
internal sealed class FiguresOptionsValidator : IValidateOptions<FiguresOptions>
{
    public ValidateOptionsResult Validate(string? name, FiguresOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
