using Haven.Crypto;

namespace Haven.Record.Events;

/// <summary>Opening stored versions with the keys of their anchor case.</summary>
internal static class RecordVersionCipher
{
    /// <summary>Both parts of <paramref name="version"/>, with the case key of its generation from <paramref name="caseKeys"/>; null when they do not open.</summary>
    public static OpenedVersion? Open(RecordVersion version, IReadOnlyDictionary<int, X25519KeyPair> caseKeys)
    {
        if (!caseKeys.TryGetValue(version.CaseKeyGeneration, out var key)
            || !DocumentationEnvelope.TryOpenCoding(version.Coding, version.CodingKeyForCase, key, version.Kind, version.Id, out var coding))
        {
            return null;
        }

        if (!DocumentationEnvelope.TryOpenNarrative(version.Narrative, version.NarrativeKeyForCase, key, version.Kind, version.Id, out var narrative))
        {
            Array.Clear(coding);
            return null;
        }

        return new OpenedVersion(version, coding, narrative);
    }
}
