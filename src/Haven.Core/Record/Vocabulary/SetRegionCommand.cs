using Haven.Accounts;
using Haven.Audit;
using Microsoft.Extensions.Options;

namespace Haven.Record.Vocabulary;

/// <summary>
/// Adds a country or a region of a country to the gazetteer, or changes one's parent or labels, audited as
/// <c>record.region.added</c> or <c>record.region.changed</c> with the code as subject.
/// </summary>
internal sealed class SetRegionCommand(AuditedWriter writer, RecordVocabulary vocabulary, IOptions<RecordOptions> options)
{
    /// <summary>Adds or changes the region; refuses a responder who may not edit the gazetteer, and codes, parents or labels that are not valid.</summary>
    /// <param name="code">The region's code, e.g. <c>RU-CE</c>.</param>
    /// <param name="parentCode">The country's code for a region, null for a country.</param>
    /// <param name="labels">Labels by culture name; a culture not given keeps its label, one given empty loses it.</param>
    /// <param name="responder">Who changes it; only administrators may.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public async Task<VocabularyOutcome> ExecuteAsync(string code, string? parentCode, IReadOnlyDictionary<string, string?> labels, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!VocabularyRoles.CanEdit(responder.Role))
        {
            return VocabularyOutcome.NotAllowed;
        }

        var outcome = await writer.WriteAsync(
            async scope =>
            {
                var edit = await GazetteerEdit.LoadAsync(scope.Db, options.Value.MaxRegions, cancellationToken);
                var problem = edit.Set(code, parentCode, labels, out var change);
                if (problem != VocabularyOutcome.None)
                {
                    return problem;
                }

                if (change == RegionChangeKind.None)
                {
                    return VocabularyOutcome.Unchanged;
                }

                var action = change == RegionChangeKind.Added ? VocabularyActions.RegionAdded : VocabularyActions.RegionChanged;
                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(action, null, code), cancellationToken);
                return VocabularyOutcome.None;
            },
            cancellationToken);
        vocabulary.Invalidate();
        return outcome;
    }
}
