using System.Globalization;
using Haven.Accounts;
using Haven.Audit;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.TeamTexts;

/// <summary>Why a change of a team text was refused, or that there was nothing to change.</summary>
internal enum TeamTextProblem
{
    None,

    /// <summary>The text already reads so (or is already the default): no new version.</summary>
    Unchanged,

    /// <summary>The responder may not set team texts.</summary>
    NotAllowed,

    /// <summary>Not a language name.</summary>
    UnknownLanguage,

    /// <summary>Longer than <see cref="TeamTextKinds.MaxLengthOf"/>.</summary>
    TooLong,
}

/// <summary>The outcome of a change: the problem, and the version the text now has (0 while it never changed).</summary>
internal sealed record TeamTextChange(TeamTextProblem Problem, int Version);

/// <summary>Who may set the team texts: administrators only, because they speak for the whole team to every person.</summary>
internal static class TeamTextRoles
{
    public static bool CanConfigure(ResponderRole role) => role == ResponderRole.Admin;
}

/// <summary>The audit subject of a change: <c>kind/language/version</c>, e.g. <c>reply_time/ru/3</c>.</summary>
internal static class TeamTextSubject
{
    public static string Format(TeamTextKind kind, string language, int version) =>
        string.Join('/', TeamTextKinds.Key(kind), language, version.ToString(CultureInfo.InvariantCulture));

    public static bool TryParse(string? subject, out TeamTextKind kind, out string language, out int version)
    {
        (kind, language, version) = (default, "", 0);
        var parts = subject?.Split('/');
        return parts is { Length: 3 }
            && TeamTextKinds.TryParse(parts[0], out kind)
            && SetTeamTextCommand.IsLanguageName(language = parts[1])
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}

/// <summary>
/// Sets one team text in one language, or puts it back to the default (the text empty or
/// equal to the default): a new version, audited as <c>teamtext.set</c> or <c>teamtext.reset</c> with the
/// subject <see cref="TeamTextSubject"/> (which text, which language, which version). A text that is
/// already what was asked makes no version. Line breaks are kept as <c>\n</c>; the text is trimmed.
/// </summary>
internal sealed class SetTeamTextCommand(IDbContextFactory<HavenDbContext> dbFactory, TeamTextStore store, AuditLog audit, TimeProvider clock)
{
    public const string SetAction = "teamtext.set";

    public const string ResetAction = "teamtext.reset";

    /// <summary>A culture name as the intake uses them: letters, digits and hyphens, at most 16.</summary>
    public static bool IsLanguageName(string? language) =>
        language is { Length: > 0 and <= 16 } && char.IsAsciiLetterLower(language[0]) && language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Line ends as <c>\n</c>, no space around the whole text.</summary>
    public static string Normalize(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

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
            return new TeamTextChange(TeamTextProblem.NotAllowed, 0);
        }

        if (!IsLanguageName(language))
        {
            return new TeamTextChange(TeamTextProblem.UnknownLanguage, 0);
        }

        var normalized = Normalize(text);
        if (normalized.Length > TeamTextKinds.MaxLengthOf(kind))
        {
            return new TeamTextChange(TeamTextProblem.TooLong, 0);
        }

        var stored = normalized.Length == 0 || normalized == Normalize(defaultText) ? null : normalized;

        // The audit lock first (AuditLog.ExclusiveAsync): the version number is read and taken under it.
        return await audit.ExclusiveAsync(() => SaveAsync(language, kind, stored, responder, cancellationToken), cancellationToken);
    }

    private async Task<TeamTextChange> SaveAsync(string language, TeamTextKind kind, string? stored, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        var key = TeamTextKinds.Key(kind);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var latest = await db.TeamTexts.AsNoTracking().Where(v => v.Language == language && v.Kind == key)
            .OrderByDescending(v => v.Version).Select(v => new { v.Version, v.Text }).FirstOrDefaultAsync(cancellationToken);
        if (latest?.Text == stored)
        {
            return new TeamTextChange(TeamTextProblem.Unchanged, latest?.Version ?? 0);
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
        await audit.SaveWithAsync(db, AuditActor.For(responder), new AuditEvent(stored is null ? ResetAction : SetAction, null, TeamTextSubject.Format(kind, language, version.Version)), cancellationToken);
        store.Put(version);
        return new TeamTextChange(TeamTextProblem.None, version.Version);
    }
}

/// <summary>
/// The current version of every team text, held in memory: read once when the server starts and updated by
/// <see cref="SetTeamTextCommand"/> after each change it commits. The intake reads it on every page without
/// touching the database, so that a page shown again during a storage outage (with what the person typed)
/// still shows the team's texts. One server owns a data directory (haven.lock), and no other command
/// changes these texts, so this copy stays the database's.
/// </summary>
internal sealed class TeamTextStore(IDbContextFactory<HavenDbContext> dbFactory)
{
    private volatile IReadOnlyDictionary<(string Language, string Kind), TeamTextVersion>? _current;

    /// <summary>Reads the latest version of each text (at start).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var all = await db.TeamTexts.AsNoTracking().ToListAsync(cancellationToken);
        _current = all.GroupBy(v => (v.Language, v.Kind)).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Version)!);
    }

    /// <summary>The latest version of a text in a language; null while it never changed. Its <see cref="TeamTextVersion.Text"/> is null when it went back to the default.</summary>
    /// <exception cref="InvalidOperationException">The texts were not loaded (<see cref="LoadAsync"/>).</exception>
    public TeamTextVersion? Current(string language, TeamTextKind kind) =>
        (_current ?? throw new InvalidOperationException("The team texts were not loaded at start.")).GetValueOrDefault((language, TeamTextKinds.Key(kind)));

    /// <summary>Takes a version just committed. Called under the audit lock, so one at a time.</summary>
    internal void Put(TeamTextVersion version)
    {
        var next = new Dictionary<(string Language, string Kind), TeamTextVersion>(_current ?? new Dictionary<(string Language, string Kind), TeamTextVersion>())
        {
            [(version.Language, version.Kind)] = version,
        };
        _current = next;
    }
}
