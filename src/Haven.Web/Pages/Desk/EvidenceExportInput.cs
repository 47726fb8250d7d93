namespace Haven.Web.Pages.Desk;

/// <summary>
/// The export form of a signed evidence bundle (<see cref="EvidenceExport"/>): the evidentiary copies chosen, whether
/// their working copies go too, and the recipient, an OpenPGP public key or a passphrase typed twice. The passphrase
/// is never shown again, not even after a refusal.
/// </summary>
internal sealed class EvidenceExportInput
{
    /// <summary>The ids of the evidentiary copies (files as received) to put in the bundle.</summary>
    public List<string> Files { get; set; } = [];

    /// <summary>Also the cleaned and redacted copies made from the chosen files.</summary>
    public bool WorkingCopies { get; set; }

    /// <summary>The recipient's armored OpenPGP public key.</summary>
    public string? PublicKey { get; set; }

    public string? Passphrase { get; set; }

    public string? PassphraseAgain { get; set; }

    /// <summary>Forgets the passphrase, before the form is shown again.</summary>
    public void ForgetPassphrase()
    {
        Passphrase = null;
        PassphraseAgain = null;
    }
}
