using Haven.Cases;
using Microsoft.Extensions.Options;

namespace Haven.Intake;

/// <summary>A person's follow-up message on their case: validated here, stored by <see cref="MessageWriter"/> with group commit.</summary>
internal sealed class SendMessageCommand(IOptions<IntakeOptions> options, MessageWriter writer)
{
    /// <summary>
    /// Validates the person's message and stores it, with any <paramref name="files"/>, on their case. Refuses an
    /// expired form, a message with neither text nor files and a text over the length limit.
    /// </summary>
    /// <param name="caseId">The person's case.</param>
    /// <param name="recordId">The form's record id (a double submit stores one message).</param>
    /// <param name="text">What they wrote; may be empty when files come with it.</param>
    /// <param name="cancellationToken">Cancels the request while it waits to be queued.</param>
    /// <param name="files">Files already received into pending blobs; made final only if this message is stored.</param>
    public async Task<IntakeOutcome> ExecuteAsync(string caseId, string recordId, string? text, CancellationToken cancellationToken, Files.FileBatch? files = null)
    {
        if (!CaseRecords.IsValidId(recordId))
        {
            return IntakeOutcome.FormExpired;
        }

        if (string.IsNullOrWhiteSpace(text) && (files is null || files.Count == 0))
        {
            return IntakeOutcome.TextMissing;
        }

        if (text is not null && text.Length > options.Value.MaxTextLength)
        {
            return IntakeOutcome.TextTooLong;
        }

        return await writer.WriteAsync(caseId, recordId, text ?? "", files, cancellationToken);
    }
}
