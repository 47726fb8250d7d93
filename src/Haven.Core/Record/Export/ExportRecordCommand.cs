using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Haven.Progress;
using Haven.Record.Keys;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Export;

/// <summary>
/// A Record export (docs/record-export.md), an audited permission: the audit entry <c>record.exported</c> (subject:
/// the format and the scope, e.g. <c>json:coding</c>; content-free) is committed before anything is decrypted, then the
/// export is built in memory and written to the stream the caller gives (a download, or the file of
/// <see cref="ExportFile"/>). Two ways in: an administrator's session, or the recovery key (the CLI).
/// </summary>
internal sealed class ExportRecordCommand(RecordExportQuery query, AuditedWriter writer, IDbContextFactory<HavenDbContext> dbFactory, DocumentationKeys documentation)
{
    public const string Action = "record.exported";

    /// <summary>The audit subject of an export: <c>json:coding</c>, <c>csv:narratives</c>, ….</summary>
    public static string Subject(RecordExportFormat format, ExportScope scope) => $"{format}:{scope}".ToLowerInvariant();

    /// <summary>Whether <paramref name="role"/> may export: administrators only.</summary>
    public static bool MayExport(ResponderRole role) => DocumentationRoles.CanManage(role);

    /// <summary>
    /// An administrator's export: the coding their documentation keyring opens (refreshed first, and the key created
    /// when the instance has none), narratives only of the cases they hold. False, with nothing audited or written,
    /// when <paramref name="responder"/> is not an administrator.
    /// </summary>
    public async Task<bool> ExecuteAsync(UnlockedResponder responder, RecordExportFormat format, ExportScope scope, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!MayExport(responder.Role))
        {
            return false;
        }

        await documentation.EnsureCreatedAsync(responder, cancellationToken);
        await documentation.RefreshAsync(responder, cancellationToken);
        await AuditAsync(AuditActor.For(responder), format, scope, cancellationToken);
        using var keys = ExportKeys.ForResponder(responder);
        await WriteAsync(await query.ExecuteAsync(keys, scope, cancellationToken), format, output, cancellationToken);
        return true;
    }

    /// <summary>
    /// The recovery key's export: every event and victim, and with <see cref="ExportScope.Narratives"/> every narrative.
    /// Audited as the instance. <paramref name="progress"/> gets the versions opened (counts only).
    /// </summary>
    public async Task ExecuteAsync(X25519KeyPair recovery, RecordExportFormat format, ExportScope scope, Stream output, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recovery);
        var actor = writer.System(dayOnly: false);
        using (actor.SigningKeys)
        {
            await AuditAsync(actor, format, scope, cancellationToken);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using var keys = await ExportKeys.FromRecoveryAsync(db, recovery, cancellationToken);
        await WriteAsync(await query.ExecuteAsync(keys, scope, progress, cancellationToken), format, output, cancellationToken);
    }

    private static Task WriteAsync(RecordExportDocument document, RecordExportFormat format, Stream output, CancellationToken cancellationToken) =>
        format == RecordExportFormat.Json ? RecordExportJson.WriteAsync(document, output, cancellationToken) : RecordExportCsv.WriteAsync(document, output, cancellationToken);

    private async Task AuditAsync(AuditActor actor, RecordExportFormat format, ExportScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await writer.SaveAsync(db, actor, new AuditEvent(Action, null, Subject(format, scope)), cancellationToken);
    }
}
