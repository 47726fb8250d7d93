using Haven.Cases;

namespace Haven.Intake;

/// <summary>
/// What a person sends with their first request. With <paramref name="Testimony"/> the first record is a
/// <c>testimony</c> (the guided form, already checked) instead of a <c>request</c>.
/// </summary>
internal sealed record RequestInput(string RecordId, IReadOnlyList<string> Help, Urgency? Urgency, string? Text, string? Contact, Testimony? Testimony = null);
