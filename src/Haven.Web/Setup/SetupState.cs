using System.Buffers.Text;
using System.Security.Cryptography;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;

namespace Haven.Web.Setup;

/// <summary>
/// The one-time set-up of a new instance, held in memory until the operator finishes it: the link token, the
/// pending instance keys (when no <c>haven init</c> ran), and the first administrator being enrolled. Nothing
/// is written until the last step, so an interrupted set-up leaves no half-made instance; a restart draws a
/// new link. The set-up belongs to the first browser that opens the link (<see cref="Bind"/>): only the hash
/// of the random binding in that browser's cookie is kept, and no other browser sees a form or a secret.
/// Several nodes on one database: the completion takes the write lock and asks the database again whether an
/// administrator exists, so that a node whose link is still open after another node finished answers "set-up is
/// done" (<see cref="DoneElsewhere"/>) instead of making a second administrator; and a node refuses to start
/// without the instance key the database was set up with (<see cref="InitializeAsync"/>).
/// </summary>
internal sealed class SetupState(DataDirectory data, InstanceState instance, IDbContextFactory<HavenDbContext> dbFactory, IWriteLock writeLock, IKeyManager keyManager, TimeProvider clock) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _completing = new(1, 1);
    private string? _token;
    private InstanceKeys? _pendingKeys;
    private X25519KeyPair? _pendingRecovery;
    private Responder? _pendingResponder;
    private string? _pendingTotp;
    private bool _totpVerified;
    private byte[]? _bindingHash;

    /// <summary>The link of a set-up that another node finished first; answered "set-up is done".</summary>
    private string? _doneElsewhereToken;

    public bool IsRequired => _token is not null;

    /// <summary>
    /// Opens the set-up when the instance has no administrator yet. Refuses to start (one line for the operator)
    /// a node without <c>instance.key</c> on a database that already has an administrator, and a node whose key
    /// is not the one the database was set up with: the newest entry the system signed in the audit log must
    /// verify under this node's audit key.
    /// </summary>
    /// <exception cref="StorageStartupException">The instance key is missing or not this database's.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hasAdmin = await AddResponderCommand.HasAdministratorAsync(db, cancellationToken);
        if (hasAdmin && !instance.IsInitialized)
        {
            throw new StorageStartupException($"the database is already set up, but {data.InstanceKeyFile} is missing: copy instance.key from the first node (the one set up first) into {data.Path} and start again.");
        }

        if (instance.IsInitialized && !await SignedBySameKeyAsync(db, cancellationToken))
        {
            throw new StorageStartupException($"{data.InstanceKeyFile} is not the instance key this database was set up with (its audit log is signed by another key): copy instance.key from the first node (the one set up first) into {data.Path} and start again.");
        }

        lock (_lock)
        {
            if (instance.IsInitialized && hasAdmin)
            {
                _token = null;
                return;
            }

            _token = Convert.ToHexStringLower(SodiumRandom.Bytes(16));
            if (!instance.IsInitialized)
            {
                (_pendingKeys, _pendingRecovery) = InstanceKeys.Create();
            }
        }
    }

    /// <summary>Whether the newest audit entry signed by the system verifies under this node's audit key (true when there is none yet).</summary>
    private async Task<bool> SignedBySameKeyAsync(HavenDbContext db, CancellationToken cancellationToken)
    {
        var newest = await db.AuditEntries.AsNoTracking().Where(e => e.ActorId == Audit.AuditActors.System).OrderByDescending(e => e.Seq)
            .Select(e => new { e.Hash, e.Signature }).FirstOrDefaultAsync(cancellationToken);
        if (newest is null)
        {
            return true;
        }

        using var keys = instance.Required.AuditKeys();
        return Ed25519KeyPair.Verify(newest.Signature, newest.Hash, keys.PublicKey);
    }

    /// <summary>
    /// Asks the database whether another node has finished the set-up meanwhile; if so, closes it here (its link
    /// then answers <see cref="DoneElsewhere"/>) and forgets what was pending. True when the set-up is closed.
    /// </summary>
    public async Task<bool> CloseIfDoneElsewhereAsync(CancellationToken cancellationToken)
    {
        if (_token is null)
        {
            return false;
        }

        // Waits for a completion running on this node: the administrator it is writing is this node's, not another's.
        await _completing.WaitAsync(cancellationToken);
        try
        {
            if (_token is null)
            {
                return false;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await AddResponderCommand.HasAdministratorAsync(db, cancellationToken))
            {
                return false;
            }

            CloseDoneElsewhere();
            return true;
        }
        finally
        {
            _completing.Release();
        }
    }

    /// <summary>True when <paramref name="token"/> is the link of a set-up that another node finished first.</summary>
    public bool DoneElsewhere(string? token)
    {
        var closed = _doneElsewhereToken;
        return closed is not null && token is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(closed), System.Text.Encoding.ASCII.GetBytes(token));
    }

    private void CloseDoneElsewhere()
    {
        lock (_lock)
        {
            if (_token is null)
            {
                return;
            }

            _doneElsewhereToken = _token;
            Forget();
        }
    }

    /// <summary>Forgets the set-up's link and everything pending; called holding <see cref="_lock"/>.</summary>
    private void Forget()
    {
        _token = null;
        _pendingKeys = null;
        _pendingRecovery?.Dispose();
        _pendingRecovery = null;
        _pendingResponder = null;
        _pendingTotp = null;
        _bindingHash = null;
    }

    /// <summary>The one-time link, for tests and for the console.</summary>
    public string? Token => _token;

    public void Announce(ICollection<string> urls)
    {
        if (_token is null)
        {
            return;
        }

        var baseUrl = urls.FirstOrDefault() ?? "http://127.0.0.1:5080";
        Console.WriteLine();
        Console.WriteLine("Haven is not set up yet. Open this one-time link to create the first administrator:");
        Console.WriteLine($"    {baseUrl.TrimEnd('/')}/setup/{_token}");
        Console.WriteLine("Open it in the browser you will finish in: the first browser to open it is the only one that can go on.");
        Console.WriteLine();
    }

    public bool TokenMatches(string? token)
    {
        var current = _token;
        return current is not null && token is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(current), System.Text.Encoding.ASCII.GetBytes(token));
    }

    /// <summary>
    /// Binds the set-up to the browser that opens the link first: returns a fresh random binding for its
    /// cookie, keeping only the binding's hash, or null when the set-up is already bound (or done).
    /// </summary>
    public string? Bind()
    {
        lock (_lock)
        {
            if (_token is null || _bindingHash is not null)
            {
                return null;
            }

            var binding = Base64Url.EncodeToString(SodiumRandom.Bytes(32));
            _bindingHash = BindingHash(binding);
            return binding;
        }
    }

    /// <summary>True when <paramref name="binding"/> (the browser's cookie) is the one the set-up is bound to.</summary>
    public bool IsBoundTo(string? binding)
    {
        lock (_lock)
        {
            return _bindingHash is not null && binding is not null && CryptographicOperations.FixedTimeEquals(_bindingHash, BindingHash(binding));
        }
    }

    public SetupStep Step
    {
        get
        {
            lock (_lock)
            {
                if (_token is null)
                {
                    return SetupStep.Done;
                }

                if (_pendingResponder is null)
                {
                    return SetupStep.Account;
                }

                return _totpVerified ? SetupStep.Recovery : SetupStep.Totp;
            }
        }
    }

    public bool ShowsRecovery => _pendingRecovery is not null;

    public string? PendingTotpSecret => _pendingTotp;

    public string? PendingName => _pendingResponder?.Name;

    public string? RecoverySecretText
    {
        get
        {
            lock (_lock)
            {
                return _pendingRecovery is null ? null : RecoverySecret.Format(_pendingRecovery.SecretKey);
            }
        }
    }

    public ResponderOutcome CreateAccount(string? name, string? passphrase)
    {
        var problem = NewResponder.Validate(name, passphrase);
        if (problem != ResponderOutcome.None)
        {
            return problem;
        }

        var (responder, totp) = NewResponder.Create(name!, passphrase!, ResponderRole.Admin, Today);
        lock (_lock)
        {
            _pendingResponder = responder;
            _pendingTotp = totp;
            _totpVerified = false;
        }

        return ResponderOutcome.None;
    }

    public bool VerifyTotp(string? code)
    {
        lock (_lock)
        {
            if (_pendingResponder is null || _pendingTotp is null)
            {
                return false;
            }

            var step = TotpCodes.Verify(_pendingTotp, code, clock.GetUtcNow());
            if (step is null)
            {
                return false;
            }

            _pendingResponder.LastTotpStep = step.Value;
            _totpVerified = true;
            return true;
        }
    }

    /// <summary>
    /// Writes the administrator with the audit entry <c>instance.setup</c> (<see cref="InstanceSetupEntry"/>, when
    /// the log has no entry by the system yet) and the instance key file (when pending), then forgets the recovery
    /// secret; a node that made the instance key here then makes a new data-protection key under it. One
    /// at a time: a "finish" sent again while the first is being written, or after it, finds the set-up done and
    /// is answered like the first (a double click is not an error). Holding the write lock, it asks the database
    /// whether an administrator exists: when another node finished first, nothing is written, the set-up is
    /// closed here and its link answers <see cref="DoneElsewhere"/>.
    /// </summary>
    public async Task<ResponderOutcome> CompleteAsync(CancellationToken cancellationToken)
    {
        await _completing.WaitAsync(cancellationToken);
        try
        {
            Responder responder;
            InstanceKeys? keys;
            lock (_lock)
            {
                if (_token is null)
                {
                    // Completed by the request that held the turn before this one.
                    return ResponderOutcome.None;
                }

                if (_pendingResponder is null || !_totpVerified)
                {
                    throw new InvalidOperationException("The administrator is not enrolled yet.");
                }

                responder = _pendingResponder;
                keys = _pendingKeys;
            }

            var (problem, elsewhere) = await writeLock.RunAsync(
                async () =>
                {
                    await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                    if (await AddResponderCommand.HasAdministratorAsync(db, cancellationToken))
                    {
                        return (ResponderOutcome.None, true);
                    }

                    // The log's first entry, signed by the instance (unless `haven init` wrote it): from now on a node
                    // with another instance key is refused at start (InitializeAsync). Saved with the administrator.
                    var instanceKeys = keys ?? instance.Required;
                    if (!await InstanceSetupEntry.ExistsAsync(db, cancellationToken))
                    {
                        await InstanceSetupEntry.AddAsync(db, instanceKeys, clock.GetUtcNow(), cancellationToken);
                    }

                    var added = await AddResponderCommand.ExecuteAsync(db, responder, instanceKeys.RecoveryPublicKey, cancellationToken);
                    if (added == ResponderOutcome.None && keys is not null)
                    {
                        keys.Save(data);
                        instance.Set(keys);
                    }

                    return (added, false);
                },
                cancellationToken);
            if (elsewhere)
            {
                CloseDoneElsewhere();
                return ResponderOutcome.None;
            }

            if (problem != ResponderOutcome.None)
            {
                return problem;
            }

            lock (_lock)
            {
                Forget();
            }

            if (keys is not null)
            {
                NewProtectionKey();
            }

            return ResponderOutcome.None;
        }
        finally
        {
            _completing.Release();
        }
    }

    /// <summary>
    /// The data-protection key this node made before the instance key existed is held in its memory only (never
    /// written: <see cref="Hosting.KeyRingRepository"/>), so another node, or this one after a restart, refuses
    /// the forms it signs. A new key, now under the instance key, is stored where every node reads it and becomes
    /// the default at once; forms already open under the old key still work on this node. The key manager keeps
    /// the system clock, so the key's dates do too. Called holding no lock (the key ring takes its own).
    /// </summary>
    private void NewProtectionKey()
    {
        var now = DateTimeOffset.UtcNow;
        keyManager.CreateNewKey(now, now.AddDays(90));
    }

    private static byte[] BindingHash(string binding) => Blake2b.Hash(32, System.Text.Encoding.UTF8.GetBytes(binding), []);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public void Dispose()
    {
        _pendingRecovery?.Dispose();
        _completing.Dispose();
    }
}
