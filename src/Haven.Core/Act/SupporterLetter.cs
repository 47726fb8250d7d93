namespace Haven.Act;

/// <summary>What a supporter typed for a letter sent through Haven: kept only sealed and only until it is delivered.</summary>
internal sealed record SupporterLetter(string Name, string Town, string Subject, string Body);
