namespace Haven.Act;

/// <summary>What fills a letter template's placeholders (<see cref="LetterTemplate"/>).</summary>
internal sealed record LetterFields(string Salutation, string Target, string Name, string Town);
