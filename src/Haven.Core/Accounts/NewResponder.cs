using Haven.Crypto;

namespace Haven.Accounts;

/// <summary>Why a new responder account was refused.</summary>
internal enum ResponderProblem
{
    None,
    NameInvalid,
    PassphraseTooShort,
    NameTaken,
}

/// <summary>
/// Makes a responder account: key pairs, a TOTP secret, all wrapped under the passphrase. Nothing is saved here.
/// </summary>
internal static class NewResponder
{
    public const int MinPassphraseLength = 12;
    public const int MaxPassphraseLength = 1024;
    public const int MaxNameLength = 100;

    public static ResponderProblem Validate(string? name, string? passphrase)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength || name.Any(char.IsControl))
        {
            return ResponderProblem.NameInvalid;
        }

        if (passphrase is null || passphrase.Length < MinPassphraseLength || passphrase.Length > MaxPassphraseLength)
        {
            return ResponderProblem.PassphraseTooShort;
        }

        return ResponderProblem.None;
    }

    /// <summary>Creates the account with a fresh TOTP secret, returned for enrolment.</summary>
    public static (Responder Responder, string TotpSecret) Create(string name, string passphrase, ResponderRole role, DateOnly today)
    {
        if (Validate(name, passphrase) != ResponderProblem.None)
        {
            throw new ArgumentException("The responder name or passphrase is not acceptable.");
        }

        var id = RandomId.New();
        var totp = TotpCodes.NewSecret();
        using var box = X25519KeyPair.Generate();
        using var signing = Ed25519KeyPair.Generate();
        var salt = SodiumRandom.Bytes(Argon2id.SaltLength);
        using var derived = PassphraseDerivation.Derive(passphrase, salt);
        var secrets = new ResponderSecrets { X25519 = box.ExportSecretKey(), Ed25519 = signing.ExportSecretKey(), Totp = totp };
        var plaintext = secrets.Serialize();
        byte[] wrapped;
        try
        {
            wrapped = KeyWrap.Wrap(plaintext, derived.WrappingKey, id);
        }
        finally
        {
            Array.Clear(plaintext);
            secrets.Wipe();
        }

        var responder = new Responder
        {
            Id = id,
            Name = name.Trim(),
            Role = role,
            Active = true,
            X25519PublicKey = box.PublicKey,
            Ed25519PublicKey = signing.PublicKey,
            KdfSalt = salt,
            Verifier = derived.Verifier,
            WrappedKeys = wrapped,
            CreatedOn = today,
        };
        return (responder, totp);
    }
}
