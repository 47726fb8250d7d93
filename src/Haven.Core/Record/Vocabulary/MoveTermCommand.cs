using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Vocabulary;

/// <summary>Moves a term one place up or down its list (it changes places with its neighbour), audited as <c>record.term.moved</c>.</summary>
internal sealed class MoveTermCommand(AuditedWriter writer, RecordVocabulary vocabulary)
{
    /// <summary>Moves the term; a term already first (or last) is <see cref="VocabularyOutcome.Unchanged"/>.</summary>
    /// <param name="list">The list.</param>
    /// <param name="key">The term's key.</param>
    /// <param name="up">True to move it one place up, false one place down.</param>
    /// <param name="responder">Who moves it; only administrators may.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public async Task<VocabularyOutcome> ExecuteAsync(TermList list, string key, bool up, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!VocabularyRoles.CanEdit(responder.Role))
        {
            return VocabularyOutcome.NotAllowed;
        }

        var outcome = await writer.WriteAsync(
            async scope =>
            {
                var terms = (await scope.Db.VocabularyTerms.Where(t => t.List == list).ToListAsync(cancellationToken))
                    .OrderBy(t => t.Position).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
                var index = terms.FindIndex(t => t.Key == key);
                if (index < 0)
                {
                    return VocabularyOutcome.UnknownTerm;
                }

                var other = up ? index - 1 : index + 1;
                if (other < 0 || other >= terms.Count)
                {
                    return VocabularyOutcome.Unchanged;
                }

                (terms[index], terms[other]) = (terms[other], terms[index]);
                for (var i = 0; i < terms.Count; i++)
                {
                    terms[i].Position = (i + 1) * 10;
                }

                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(VocabularyActions.TermMoved, null, key), cancellationToken);
                return VocabularyOutcome.None;
            },
            cancellationToken);
        vocabulary.Invalidate();
        return outcome;
    }
}
