using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Vocabulary;

/// <summary>
/// Retires a country or region (hidden from new entries, still shown where used; a retired country's regions are
/// not usable either) or restores it, audited as <c>record.region.retired</c> or <c>record.region.restored</c>.
/// </summary>
internal sealed class RetireRegionCommand(AuditedWriter writer, RecordVocabulary vocabulary)
{
    /// <summary>Retires (<paramref name="retired"/> true) or restores the region.</summary>
    /// <param name="code">The region's code.</param>
    /// <param name="retired">True to retire, false to restore.</param>
    /// <param name="responder">Who changes it; only administrators may.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public async Task<VocabularyOutcome> ExecuteAsync(string code, bool retired, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!VocabularyRoles.CanEdit(responder.Role))
        {
            return VocabularyOutcome.NotAllowed;
        }

        if (!VocabularyRules.IsRegionKey(code))
        {
            return VocabularyOutcome.UnknownRegion;
        }

        var outcome = await writer.WriteAsync(
            async scope =>
            {
                var region = await scope.Db.GazetteerRegions.SingleOrDefaultAsync(r => r.Code == code, cancellationToken);
                if (region is null)
                {
                    return VocabularyOutcome.UnknownRegion;
                }

                if (region.Retired == retired)
                {
                    return VocabularyOutcome.Unchanged;
                }

                region.Retired = retired;
                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(retired ? VocabularyActions.RegionRetired : VocabularyActions.RegionRestored, null, code), cancellationToken);
                return VocabularyOutcome.None;
            },
            cancellationToken);
        vocabulary.Invalidate();
        return outcome;
    }
}
