using Haven.Storage;

namespace Haven.Record.Events;

/// <summary>What a command sees while it builds a version: the context (under the write lock), the anchor case and the current version, opened.</summary>
internal sealed record VersionContext(HavenDbContext Db, string CaseId, OpenedVersion? Previous);
