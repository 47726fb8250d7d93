using Microsoft.Extensions.Options;

namespace Haven.Files;

/// <summary>Checks <see cref="BlobOptions"/> at start-up with a message naming the setting.</summary>
internal sealed class BlobOptionsValidator : IValidateOptions<BlobOptions>
{
    public ValidateOptionsResult Validate(string? name, BlobOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
