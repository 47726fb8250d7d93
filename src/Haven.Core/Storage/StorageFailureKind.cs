namespace Haven.Storage;

/// <summary>What kind of storage trouble an exception is; <see cref="None"/> for anything else (a bug, bad input).</summary>
internal enum StorageFailureKind
{
    /// <summary>Not a storage failure: let it be handled (or fail) as before.</summary>
    None,

    /// <summary>The disk (or the database server's disk) is full: ENOSPC/EDQUOT, SQLITE_FULL, PostgreSQL 53100.</summary>
    OutOfSpace,

    /// <summary>
    /// The database cannot be used right now: PostgreSQL unreachable, restarting or out of resources, a
    /// connection or command timeout, a SQLite I/O error or a lock held past the busy timeout.
    /// </summary>
    Unavailable,
}
