namespace Haven.Accounts;

/// <summary>Who a derivation is for: its lane in <see cref="Argon2Gate"/>.</summary>
internal enum Argon2Lane
{
    /// <summary>People: receipts created and opened.</summary>
    Intake,

    /// <summary>Responders: logins, passphrase changes, enrolment.</summary>
    Desk,
}
