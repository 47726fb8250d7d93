using Haven.Crypto;
using Haven.Intake;

namespace Haven.Web.Pages.Intake;

/// <summary>
/// What the request and testimony forms share when the session ran out while the person was writing: the secret
/// code typed again, with the form's ticket, is redeemed (one turn of the Argon2id gate). A refusal is set on the
/// page as every intake refusal is (<see cref="FormRefusal"/>): 503 with "send again shortly" when the gate is
/// full, 400 when the code is missing or is not the one the ticket was issued to.
/// </summary>
internal static class TicketResume
{
    /// <summary>The person's keys, or null with the refusal set.</summary>
    public static async Task<ReceiptKeys?> RedeemAsync(ResumeTicket tickets, string? receipt, string? ticket, HttpResponse response, List<string> errors, int filesOffered, CancellationToken cancellationToken)
    {
        ReceiptKeys? keys;
        try
        {
            keys = await tickets.RedeemAsync(receipt, ticket, cancellationToken);
        }
        catch (Haven.Accounts.ServerBusyException)
        {
            // Too many secret codes are being checked at once: keep everything typed and ask to send again shortly.
            FormRefusal.Refuse(response, errors, "Error_Busy", StatusCodes.Status503ServiceUnavailable, filesOffered);
            return null;
        }

        if (keys is null)
        {
            FormRefusal.Refuse(response, errors, string.IsNullOrWhiteSpace(receipt) ? "Error_SessionEnded" : "Error_ReceiptNotIssued", StatusCodes.Status400BadRequest, filesOffered);
        }

        return keys;
    }
}
