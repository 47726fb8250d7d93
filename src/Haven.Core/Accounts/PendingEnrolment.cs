using System.Security.Cryptography;
using System.Text;

namespace Haven.Accounts;

/// <summary>
/// An enrolment waiting for its TOTP code: the account to save, the secret to show, and a random binding
/// that the invitee's browser holds in a cookie, so that nobody else who sees the link sees the secret.
/// </summary>
internal sealed record PendingEnrolment(Responder Responder, string TotpSecret, DateTimeOffset ExpiresAt, string Binding)
{
    public bool BelongsTo(string? binding) =>
        binding is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Binding), Encoding.ASCII.GetBytes(binding));
}
