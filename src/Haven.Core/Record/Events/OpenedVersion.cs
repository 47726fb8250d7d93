namespace Haven.Record.Events;

/// <summary>The plaintext JSON of a version's two parts, opened with a case key; wipe with <see cref="Clear"/>.</summary>
internal sealed record OpenedVersion(RecordVersion Version, byte[] Coding, byte[] Narrative)
{
    public void Clear()
    {
        Array.Clear(Coding);
        Array.Clear(Narrative);
    }
}
