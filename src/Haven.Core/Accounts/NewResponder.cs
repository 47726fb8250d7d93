using Haven.Crypto;

namespace Haven.Accounts;

/// <summary>
/// Makes a responder account: key pairs, a TOTP secret, all wrapped under the passphrase. Nothing is saved here.
/// </summary>
internal static class NewResponder
{
    public const int MinPassphraseLength = 12;
    public const int MaxPassphraseLength = 1024;
    public const int MaxNameLength = 100;

    public static ResponderOutcome Validate(string? name, string? passphrase)
    {
        // A name is shown inline in lists, buttons and the audit log: a bidirectional control in it would turn
        // the text after it around, and an invisible character would make two names look the same.
        var problem = ResponderNames.Check(name);
        if (problem != ResponderOutcome.None)
        {
            return problem;
        }

        return IsPassphraseAcceptable(passphrase) ? ResponderOutcome.None : ResponderOutcome.PassphraseTooShort;
    }

    /// <summary>The passphrase rule alone, for an account that exists already (its name was checked when it was made).</summary>
    public static bool IsPassphraseAcceptable(string? passphrase) =>
        passphrase is not null && passphrase.Length >= MinPassphraseLength && passphrase.Length <= MaxPassphraseLength;

    /// <summary>Creates the account with a fresh TOTP secret, returned for enrolment.</summary>
    public static (Responder Responder, string TotpSecret) Create(string name, string passphrase, ResponderRole role, DateOnly today)
    {
        if (Validate(name, passphrase) != ResponderOutcome.None)
        {
            throw new ArgumentException("The responder name or passphrase is not acceptable.");
        }

        var id = RandomId.New();
        var keys = NewKeys(id, passphrase);
        var responder = new Responder
        {
            Id = id,
            Name = ResponderNames.Normalize(name),
            Role = role,
            Active = true,
            X25519PublicKey = keys.X25519PublicKey,
            Ed25519PublicKey = keys.Ed25519PublicKey,
            KdfSalt = keys.KdfSalt,
            Verifier = keys.Verifier,
            WrappedKeys = keys.WrappedKeys,
            CreatedOn = today,
        };
        return (responder, keys.TotpSecret);
    }

    /// <summary>
    /// Draws fresh key pairs and a TOTP secret and wraps them under the passphrase for the responder
    /// <paramref name="responderId"/>: for a new account, or for an operator's reset after a lost passphrase.
    /// </summary>
    public static ResponderKeyMaterial NewKeys(string responderId, string passphrase)
    {
        var totp = TotpCodes.NewSecret();
        using var box = X25519KeyPair.Generate();
        using var signing = Ed25519KeyPair.Generate();
        var secrets = new ResponderSecrets { X25519 = box.ExportSecretKey(), Ed25519 = signing.ExportSecretKey(), Totp = totp };
        var plaintext = secrets.Serialize();
        try
        {
            var (salt, verifier, wrapped) = Wrap(responderId, plaintext, passphrase);
            return new ResponderKeyMaterial(box.PublicKey, signing.PublicKey, salt, verifier, wrapped, totp);
        }
        finally
        {
            Array.Clear(plaintext);
            secrets.Wipe();
        }
    }

    /// <summary>Wraps the keys JSON under a passphrase with a new random salt (protocol.md, "Responders").</summary>
    public static (byte[] KdfSalt, byte[] Verifier, byte[] WrappedKeys) Wrap(string responderId, ReadOnlySpan<byte> keysJson, string passphrase)
    {
        var salt = SodiumRandom.Bytes(Argon2id.SaltLength);
        using var derived = PassphraseDerivation.Derive(passphrase, salt);
        return (salt, derived.Verifier, KeyWrap.Wrap(keysJson, derived.WrappingKey, responderId));
    }
}
