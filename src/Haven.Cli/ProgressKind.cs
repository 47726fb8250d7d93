namespace Haven.Cli;

/// <summary>What a long command shows in its progress: its name, what it counts, and whether bytes are the measure of how far it is.</summary>
/// <param name="Verb">The command, first on each line (<c>backup</c>).</param>
/// <param name="Unit">What the items are (<c>items</c>, <c>cases</c>).</param>
/// <param name="Bytes">Whether bytes are shown, and give the rate and the time left (otherwise the items do).</param>
internal sealed record ProgressKind(string Verb, string Unit, bool Bytes);
