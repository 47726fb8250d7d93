using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.TeamTexts;

/// <summary>
/// Sets one team text in one language, or puts it back to the default (the text empty or
/// equal to the default): a new version, audited as <c>teamtext.set</c> or <c>teamtext.reset</c> with the
/// subject <see cref="TeamTextSubject"/> (which text, which language, which version). A text that is
/// already what was asked makes no version. Line breaks are kept as <c>\n</c>; the text is trimmed.
/// </summary>
internal sealed class SetTeamTextCommand(TeamTextStore store, AuditedWriter writer, TimeProvider clock)
{
    public const string SetAction = "teamtext.set";

    public const string ResetAction = "teamtext.reset";

    /// <summary>A culture name as the intake uses them: letters, digits and hyphens, at most 16.</summary>
    public static bool IsLanguageName(string? language) =>
        language is { Length: > 0 and <= 16 } && char.IsAsciiLetterLower(language[0]) && language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Line ends as <c>\n</c>, no space around the whole text.</summary>
    public static string Normalize(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    /// <summary>
    /// Sets the text of <paramref name="kind"/> in <paramref name="language"/>, or resets it to
    /// <paramref name="defaultText"/>. Refuses a responder who may not configure team texts, a language name that is
    /// not well formed and a text over the kind's length limit.
    /// </summary>
    /// <param name="language">The intake language (a culture name the caller checked is offered).</param>
    /// <param name="kind">Which text.</param>
    /// <param name="text">The new text; null or empty puts the default back.</param>
    /// <param name="defaultText">The default in that language: a text equal to it is stored as "the default", so that it follows later improvements of the default.</param>
    /// <param name="responder">Who changes it; only administrators may.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public async Task<TeamTextChange> ExecuteAsync(string language, TeamTextKind kind, string? text, string defaultText, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!TeamTextRoles.CanConfigure(responder.Role))
        {
            return new TeamTextChange(TeamTextOutcome.NotAllowed, 0);
        }

        if (!IsLanguageName(language))
        {
            return new TeamTextChange(TeamTextOutcome.UnknownLanguage, 0);
        }

        var normalized = Normalize(text);
        if (normalized.Length > TeamTextKinds.MaxLengthOf(kind))
        {
            return new TeamTextChange(TeamTextOutcome.TooLong, 0);
        }

        var stored = normalized.Length == 0 || normalized == Normalize(defaultText) ? null : normalized;

        // The version number is read and taken inside the one write.
        return await writer.WriteAsync(scope => SaveAsync(scope, language, kind, stored, responder, cancellationToken), cancellationToken);
    }

    private async Task<TeamTextChange> SaveAsync(WriteScope scope, string language, TeamTextKind kind, string? stored, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        var key = TeamTextKinds.Key(kind);
        var db = scope.Db;
        var latest = await db.TeamTexts.AsNoTracking().Where(v => v.Language == language && v.Kind == key)
            .OrderByDescending(v => v.Version).Select(v => new { v.Version, v.Text }).FirstOrDefaultAsync(cancellationToken);
        if (latest?.Text == stored)
        {
            return new TeamTextChange(TeamTextOutcome.Unchanged, latest?.Version ?? 0);
        }

        var version = new TeamTextVersion
        {
            Language = language,
            Kind = key,
            Version = (latest?.Version ?? 0) + 1,
            Text = stored,
            ChangedBy = responder.Id,
            ChangedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
        };
        db.TeamTexts.Add(version);
        await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(stored is null ? ResetAction : SetAction, null, TeamTextSubject.Format(kind, language, version.Version)), cancellationToken);
        store.Put(version);
        return new TeamTextChange(TeamTextOutcome.None, version.Version);
    }
}
