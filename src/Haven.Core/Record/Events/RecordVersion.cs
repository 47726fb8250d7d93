namespace Haven.Record.Events;

/// <summary>
/// One version of an event or a victim (table <c>record_versions</c>, docs/protocol.md "Record: events and
/// victims"). Versions are never changed: every save adds one, and the highest <see cref="Number"/> of a
/// subject is its current state. Plaintext: ids, kind, anchor case, numbers, a day and key generations.
/// </summary>
internal sealed class RecordVersion
{
    /// <summary>Random, 32 lowercase hex; bound into the associated data of both parts.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The instance-wide order of versions, given under the write lock as one more than the highest stored, so a
    /// reader that has seen every version up to <c>s</c> finds every later one with <c>seq &gt; s</c>
    /// (<see cref="Index.CodingIndex"/>).
    /// </summary>
    public long Seq { get; set; }

    /// <summary><see cref="RecordVersionKinds.Event"/> or <see cref="RecordVersionKinds.Victim"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The event or victim this is a version of.</summary>
    public required string SubjectId { get; init; }

    /// <summary>1 for the first version of the subject, then 2, 3, …</summary>
    public int Number { get; set; }

    /// <summary>The anchor case, whose key the narrative (and the coding) is sealed to.</summary>
    public required string CaseId { get; init; }

    public DateOnly CreatedOn { get; init; }

    /// <summary>The generation of the documentation key <see cref="CodingKeyForDocumentation"/> is sealed to.</summary>
    public int DocumentationGeneration { get; init; }

    /// <summary>The generation of the case key both <c>…KeyForCase</c> columns are sealed to.</summary>
    public int CaseKeyGeneration { get; init; }

    public required byte[] Coding { get; init; }

    public required byte[] CodingKeyForDocumentation { get; init; }

    public required byte[] CodingKeyForCase { get; init; }

    public required byte[] Narrative { get; init; }

    public required byte[] NarrativeKeyForCase { get; init; }
}
