using Microsoft.Extensions.Options;

namespace Haven.Record;

/// <summary>Checks <see cref="RecordOptions"/> at start-up, with a message that names the setting.</summary>
internal sealed class RecordOptionsValidator : IValidateOptions<RecordOptions>
{
    public ValidateOptionsResult Validate(string? name, RecordOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
