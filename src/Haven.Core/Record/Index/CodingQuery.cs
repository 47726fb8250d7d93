using Haven.Record.Keys;

namespace Haven.Record.Index;

/// <summary>Reads the coding of one event or victim without the case key: through the documentation keyring (<see cref="CodingIndex"/>).</summary>
internal sealed class CodingQuery(CodingIndex index)
{
    /// <summary>The newest coding of the event the keyring opens; null when it opens none (or there is no such event).</summary>
    public async Task<IndexedEvent?> EventAsync(string eventId, DocumentationKeyring keyring, CancellationToken cancellationToken) =>
        (await index.SnapshotAsync(keyring, cancellationToken)).Events.GetValueOrDefault(eventId);

    /// <summary>The newest coding of the victim the keyring opens; null when it opens none.</summary>
    public async Task<IndexedVictim?> VictimAsync(string victimId, DocumentationKeyring keyring, CancellationToken cancellationToken) =>
        (await index.SnapshotAsync(keyring, cancellationToken)).Victims.GetValueOrDefault(victimId);
}
