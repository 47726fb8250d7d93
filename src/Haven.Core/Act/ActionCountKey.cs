namespace Haven.Act;

/// <summary>What one <see cref="ActionCount"/> counts: action, target ("" for none), channel, language, country ("" for none).</summary>
internal sealed record ActionCountKey(string ActionId, string TargetId, LetterChannel Channel, string Language, string Country);
