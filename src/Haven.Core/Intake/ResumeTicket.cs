using System.Security.Cryptography;
using System.Text;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;

namespace Haven.Intake;

/// <summary>
/// The ticket that the request form carries so that a person whose session ran out while they were writing
/// can continue by typing their receipt again. It proves that the receipt was issued by this instance (a keyed
/// BLAKE2b of its lookup id under the pepper), so that nobody can pick a receipt of their own choosing and
/// send a request with it.
/// </summary>
/// <remarks>
/// A ticket has no time limit: the case it serves is exactly a session that has ended. It is bound to one
/// receipt and one instance; the ticket of another receipt, or of this receipt under another pepper, is
/// refused. The comparison takes the same time whatever the bytes, so that it says nothing about how much of
/// a forged ticket was right.
/// </remarks>
internal sealed class ResumeTicket(InstanceState instance, Argon2Gate gate)
{
    private const int Length = 16;

    /// <summary>The ticket for the receipt behind <paramref name="keys"/>, as the form carries it (lowercase hex).</summary>
    public string Issue(ReceiptKeys keys) => Compute(keys, instance.Required.Pepper);

    /// <summary>
    /// Derives the keys of a typed receipt (a turn in the intake's Argon2id budget) and returns them when
    /// <paramref name="ticket"/> is the one issued for it; null, with nothing derived, for a malformed
    /// receipt or no ticket, and null for a ticket that does not match. The caller owns the returned keys.
    /// </summary>
    /// <exception cref="ServerBusyException">Too many receipts are being derived at once.</exception>
    public async Task<ReceiptKeys?> RedeemAsync(string? receipt, string? ticket, CancellationToken cancellationToken)
    {
        if (!Receipt.TryNormalize(receipt, out var digits) || string.IsNullOrEmpty(ticket))
        {
            return null;
        }

        var pepper = instance.Required.Pepper;
        var keys = await gate.RunAsync(() => ReceiptDerivation.Derive(digits, pepper), cancellationToken);
        if (!Matches(ticket, keys, pepper))
        {
            keys.Dispose();
            return null;
        }

        return keys;
    }

    /// <summary>The ticket of <paramref name="keys"/> under <paramref name="pepper"/>.</summary>
    internal static string Compute(ReceiptKeys keys, ReadOnlySpan<byte> pepper) =>
        Hex.Encode(Blake2b.Hash(Length, Encoding.ASCII.GetBytes("haven/v1/issued:" + keys.LookupId), pepper));

    /// <summary>Whether <paramref name="ticket"/> is exactly the ticket of <paramref name="keys"/>, compared in constant time.</summary>
    internal static bool Matches(string? ticket, ReceiptKeys keys, ReadOnlySpan<byte> pepper) =>
        ticket is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Compute(keys, pepper)), Encoding.UTF8.GetBytes(ticket));
}
