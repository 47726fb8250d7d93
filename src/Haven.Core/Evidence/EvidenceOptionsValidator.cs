using Microsoft.Extensions.Options;

namespace Haven.Evidence;

/// <summary>Checks <see cref="EvidenceOptions"/> at start-up with a message naming the setting.</summary>
internal sealed class EvidenceOptionsValidator : IValidateOptions<EvidenceOptions>
{
    public ValidateOptionsResult Validate(string? name, EvidenceOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
