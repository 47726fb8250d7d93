using Haven.Accounts;

namespace Haven.Record.Keys;

/// <summary>A responder who could hold documentation access, and whether they hold the current generation.</summary>
internal sealed record DocumentationHolder(string Id, string Name, ResponderRole Role, bool Holds);
