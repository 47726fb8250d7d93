using Haven.Cases;

namespace Haven.Intake;

/// <summary>What a person sends with their first request.</summary>
internal sealed record RequestInput(string RecordId, IReadOnlyList<string> Help, Urgency? Urgency, string? Text, string? Contact);
