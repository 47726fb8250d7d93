using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Vocabulary;

/// <summary>
/// Gives a term new labels (the key stays, so every coding that uses it reads the new label), audited as
/// <c>record.term.renamed</c>. A culture given with an empty label loses its own label; English cannot.
/// </summary>
internal sealed class RenameTermCommand(AuditedWriter writer, RecordVocabulary vocabulary)
{
    /// <summary>Renames the term; refuses a responder who may not edit the lists, an unknown term and labels that are not valid.</summary>
    /// <param name="list">The list.</param>
    /// <param name="key">The term's key.</param>
    /// <param name="labels">The labels to set by culture name; a culture not given keeps its label.</param>
    /// <param name="responder">Who renames it; only administrators may.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public async Task<VocabularyOutcome> ExecuteAsync(TermList list, string key, IReadOnlyDictionary<string, string?> labels, UnlockedResponder responder, CancellationToken cancellationToken)
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
                var db = scope.Db;
                if (!await db.VocabularyTerms.AnyAsync(t => t.List == list && t.Key == key, cancellationToken))
                {
                    return VocabularyOutcome.UnknownTerm;
                }

                var rows = await TermRows.LabelsAsync(db, list, key, cancellationToken);
                var current = rows.ToDictionary(r => r.Key, r => r.Value.Label, StringComparer.Ordinal);
                var problem = LabelSet.TryMerge(current, labels, out var merged);
                if (problem != VocabularyOutcome.None)
                {
                    return problem;
                }

                if (LabelSet.Same(current, merged))
                {
                    return VocabularyOutcome.Unchanged;
                }

                TermRows.Apply(db, list, key, rows, merged);
                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(VocabularyActions.TermRenamed, null, key), cancellationToken);
                return VocabularyOutcome.None;
            },
            cancellationToken);
        vocabulary.Invalidate();
        return outcome;
    }
}
