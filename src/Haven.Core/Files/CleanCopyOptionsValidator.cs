using Microsoft.Extensions.Options;

namespace Haven.Files;

/// <summary>Checks <see cref="CleanCopyOptions"/> at start-up with a message naming the setting.</summary>
internal sealed class CleanCopyOptionsValidator : IValidateOptions<CleanCopyOptions>
{
    public ValidateOptionsResult Validate(string? name, CleanCopyOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
