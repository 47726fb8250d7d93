using Microsoft.Extensions.Options;

namespace Haven.Files;

/// <summary>Checks <see cref="AttachmentOptions"/> at start-up with a message naming the setting.</summary>
internal sealed class AttachmentOptionsValidator : IValidateOptions<AttachmentOptions>
{
    public ValidateOptionsResult Validate(string? name, AttachmentOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
