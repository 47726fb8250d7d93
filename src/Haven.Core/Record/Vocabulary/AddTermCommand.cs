using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Vocabulary;

/// <summary>
/// Adds a term at the end of a controlled list, with the key <c>t-</c> and eight random hex digits and the labels
/// given (English required), audited as <c>record.term.added</c> with the key as subject.
/// </summary>
internal sealed class AddTermCommand(AuditedWriter writer, RecordVocabulary vocabulary)
{
    /// <summary>Adds the term; refuses a responder who may not edit the lists and labels that are not valid.</summary>
    /// <param name="list">The list.</param>
    /// <param name="labels">Labels by culture name; empty ones are left out.</param>
    /// <param name="responder">Who adds it; only administrators may.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public async Task<TermChange> ExecuteAsync(TermList list, IReadOnlyDictionary<string, string?> labels, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!VocabularyRoles.CanEdit(responder.Role))
        {
            return new TermChange(VocabularyOutcome.NotAllowed, null);
        }

        if (!Enum.IsDefined(list))
        {
            return new TermChange(VocabularyOutcome.UnknownTerm, null);
        }

        var problem = LabelSet.TryMerge(new Dictionary<string, string>(), labels, out var merged);
        if (problem != VocabularyOutcome.None)
        {
            return new TermChange(problem, null);
        }

        var key = await writer.WriteAsync(
            async scope =>
            {
                var db = scope.Db;
                var key = VocabularyRules.NewTermKey();
                while (await db.VocabularyTerms.AnyAsync(t => t.List == list && t.Key == key, cancellationToken))
                {
                    key = VocabularyRules.NewTermKey();
                }

                var last = await db.VocabularyTerms.Where(t => t.List == list).MaxAsync(t => (int?)t.Position, cancellationToken) ?? 0;
                db.VocabularyTerms.Add(new StoredTerm { List = list, Key = key, Position = last + 10 });
                TermRows.Apply(db, list, key, [], merged);
                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(VocabularyActions.TermAdded, null, key), cancellationToken);
                return key;
            },
            cancellationToken);
        vocabulary.Invalidate();
        return new TermChange(VocabularyOutcome.None, key);
    }
}
