using System.Diagnostics.CodeAnalysis;
using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Export;

/// <summary>
/// The keys an export opens versions with: documentation key generations for the coding, and case keys for the
/// narratives (and for coding a documentation generation does not open). Either the recovery key's (every
/// generation and every case key are sealed to it) or a logged-in responder's (their
/// <see cref="Keys.DocumentationKeyring"/> and the cases they hold). Case keys are opened once per case and wiped
/// with this object; a responder's documentation keys belong to their session and are left alone.
/// </summary>
internal sealed class ExportKeys : IDisposable
{
    private readonly Dictionary<int, X25519KeyPair> _owned = [];
    private readonly Keys.DocumentationKeyring? _keyring;
    private readonly string? _responderId;
    private readonly X25519KeyPair _recipient;
    private readonly Dictionary<string, Dictionary<int, X25519KeyPair>> _cases = new(StringComparer.Ordinal);

    private ExportKeys(string? responderId, X25519KeyPair recipient, Keys.DocumentationKeyring? keyring)
    {
        _responderId = responderId;
        _recipient = recipient;
        _keyring = keyring;
    }

    /// <summary>Whose keys these are: null for the recovery key, otherwise the responder's id.</summary>
    public string? ResponderId => _responderId;

    /// <summary>The recovery key's: opens its seal of every documentation generation now. The caller keeps <paramref name="recovery"/> and disposes it after this.</summary>
    public static async Task<ExportKeys> FromRecoveryAsync(HavenDbContext db, X25519KeyPair recovery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var keys = new ExportKeys(null, recovery, null);
        foreach (var seal in await db.DocumentationKeySeals.AsNoTracking().Where(s => s.ResponderId == null).ToListAsync(cancellationToken))
        {
            if (SealedBox.OpenKeyPair(seal.SealedKey, recovery) is { } key)
            {
                keys._owned[seal.Generation] = key;
            }
        }

        return keys;
    }

    /// <summary>A logged-in responder's: their session's documentation keyring and the cases sealed to them.</summary>
    public static ExportKeys ForResponder(UnlockedResponder responder)
    {
        ArgumentNullException.ThrowIfNull(responder);
        return new ExportKeys(responder.Id, responder.BoxKeys, responder.Documentation);
    }

    /// <summary>The key of a documentation generation, when these keys hold it.</summary>
    public bool TryDocumentation(int generation, [MaybeNullWhen(false)] out X25519KeyPair key) =>
        _keyring is not null ? _keyring.TryGet(generation, out key) : _owned.TryGetValue(generation, out key);

    /// <summary>The generations of a case's key these keys hold (empty when none), opened on first use.</summary>
    public async Task<IReadOnlyDictionary<int, X25519KeyPair>> CaseKeysAsync(HavenDbContext db, string caseId, CancellationToken cancellationToken)
    {
        if (!_cases.TryGetValue(caseId, out var keys))
        {
            keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, _responderId, _recipient, cancellationToken);
            _cases[caseId] = keys;
        }

        return keys;
    }

    public void Dispose()
    {
        foreach (var key in _owned.Values.Concat(_cases.Values.SelectMany(k => k.Values)))
        {
            key.Dispose();
        }

        _owned.Clear();
        _cases.Clear();
    }
}
