using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Vocabulary;

/// <summary>
/// Retires a term (hidden from new entries, still shown where it is used) or restores it, audited as
/// <c>record.term.retired</c> or <c>record.term.restored</c>. Terms are never deleted.
/// </summary>
internal sealed class RetireTermCommand(AuditedWriter writer, RecordVocabulary vocabulary)
{
    /// <summary>Retires (<paramref name="retired"/> true) or restores the term.</summary>
    /// <param name="list">The list.</param>
    /// <param name="key">The term's key.</param>
    /// <param name="retired">True to retire, false to restore.</param>
    /// <param name="responder">Who changes it; only administrators may.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public async Task<VocabularyOutcome> ExecuteAsync(TermList list, string key, bool retired, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!VocabularyRoles.CanEdit(responder.Role))
        {
            return VocabularyOutcome.NotAllowed;
        }

        if (!VocabularyRules.IsTermKey(key))
        {
            return VocabularyOutcome.UnknownTerm;
        }

        var outcome = await writer.WriteAsync(
            async scope =>
            {
                var term = await scope.Db.VocabularyTerms.SingleOrDefaultAsync(t => t.List == list && t.Key == key, cancellationToken);
                if (term is null)
                {
                    return VocabularyOutcome.UnknownTerm;
                }

                if (term.Retired == retired)
                {
                    return VocabularyOutcome.Unchanged;
                }

                term.Retired = retired;
                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(retired ? VocabularyActions.TermRetired : VocabularyActions.TermRestored, null, key), cancellationToken);
                return VocabularyOutcome.None;
            },
            cancellationToken);
        vocabulary.Invalidate();
        return outcome;
    }
}
