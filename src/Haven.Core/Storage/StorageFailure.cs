using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Haven.Storage;

/// <summary>
/// The one classification of "storage unavailable" exceptions, for the web pages (a 503 with the form back)
/// and for start-up (one line, exit 2). It looks through wrappers (EF's <c>DbUpdateException</c>, its
/// "transient failure" <see cref="InvalidOperationException"/>, <see cref="AggregateException"/>) at the cause.
/// A constraint violation, a bug or bad input is <see cref="StorageFailureKind.None"/>: only trouble that goes
/// away when the operator frees space or brings the database back is classified.
/// </summary>
internal static class StorageFailure
{
    /// <summary>ENOSPC on Linux and macOS: "No space left on device".</summary>
    private const int Enospc = 28;

    /// <summary>EDQUOT on Linux: "Disk quota exceeded".</summary>
    private const int Edquot = 122;

    /// <summary>ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL as HRESULTs, on Windows.</summary>
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    /// <summary>SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN (primary result codes).</summary>
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteIoErr = 10, SqliteFull = 13, SqliteCantOpen = 14;

    /// <summary>Classifies <paramref name="exception"/> and every exception it wraps; the first storage cause wins.</summary>
    public static StorageFailureKind Classify(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++)
        {
            var kind = ClassifyOne(exception);
            if (kind != StorageFailureKind.None)
            {
                return kind;
            }

            if (exception is AggregateException { InnerExceptions: [var single] })
            {
                exception = single;
                continue;
            }

            exception = exception.InnerException;
        }

        return StorageFailureKind.None;
    }

    /// <summary>Whether <paramref name="exception"/> is any storage failure.</summary>
    public static bool IsStorageFailure(Exception? exception) => Classify(exception) != StorageFailureKind.None;

    /// <summary>
    /// Whether the database is simply not up yet (connection refused, host unknown or unreachable, server
    /// starting up or shutting down): worth waiting for at start-up, unlike a wrong password or missing TLS.
    /// </summary>
    public static bool IsNotUpYet(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++)
        {
            switch (exception)
            {
                case PostgresException postgres:
                    return postgres.SqlState is "57P01" or "57P02" or "57P03";
                case SocketException socket:
                    return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.TryAgain
                        or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TimedOut or SocketError.ConnectionReset;
                case TimeoutException:
                    return true;
            }

            exception = exception.InnerException;
        }

        return false;
    }

    /// <summary>
    /// One line for an operator saying what is wrong with the storage, without a stack trace and without
    /// anything a person wrote (the messages of these exceptions carry none) or a connection string.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <param name="data">The data directory, to name it; null when not known.</param>
    public static string Describe(Exception exception, DataDirectory? data)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var where = data is null ? "the storage" : data.IsSqlite ? $"the data directory {data.Path}" : "the PostgreSQL database";
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: "28P01" or "28000" } postgres:
                    return $"the PostgreSQL server refused the login ({postgres.SqlState}: wrong user name or password, or no pg_hba.conf entry); check {DatabaseSettings.ConnectionStringKey}.";
                case PostgresException { SqlState: "53100" }:
                    return "the PostgreSQL server's disk is full; free space on it and start again.";
                case PostgresException postgres:
                    return $"the PostgreSQL server refused: {postgres.SqlState} {postgres.MessageText}";
                case SqliteException { SqliteErrorCode: SqliteFull }:
                    return $"{where} has no space left; free space on its disk and start again.";
                case SqliteException sqlite:
                    return $"SQLite error {sqlite.SqliteErrorCode} ({sqlite.SqliteExtendedErrorCode}) on {where}; check the disk and the file's permissions.";
                case IOException io when IsDiskFull(io):
                    return $"{where} has no space left; free space on its disk and start again.";
                case NpgsqlException npgsql when IsTlsRefused(npgsql):
                    return $"the connection string requires TLS (SSL Mode) but the PostgreSQL server does not offer it; enable ssl on the server or change {DatabaseSettings.ConnectionStringKey}.";
                case SocketException socket:
                    return $"cannot reach the PostgreSQL server ({socket.SocketErrorCode}); check that it runs and {DatabaseSettings.ConnectionStringKey}.";
                case TimeoutException:
                    return $"the PostgreSQL server did not answer in time; check that it runs and {DatabaseSettings.ConnectionStringKey}.";
            }
        }

        return $"{where} cannot be used: {exception.GetType().Name}: {FirstLine(exception.Message)}";
    }

    /// <summary>Whether an I/O exception is a full disk (or a full quota).</summary>
    public static bool IsDiskFull(IOException exception) =>
        exception.HResult is Enospc or Edquot or WindowsDiskFull or WindowsHandleDiskFull;

    private static StorageFailureKind ClassifyOne(Exception exception) => exception switch
    {
        IOException io when IsDiskFull(io) => StorageFailureKind.OutOfSpace,

        // A blob could not be renamed into place before its record's commit: nothing was stored, send again.
        Files.BlobNotInPlaceException => StorageFailureKind.Unavailable,
        SqliteException { SqliteErrorCode: SqliteFull } => StorageFailureKind.OutOfSpace,
        SqliteException { SqliteErrorCode: SqliteIoErr or SqliteBusy or SqliteLocked or SqliteCantOpen } => StorageFailureKind.Unavailable,
        PostgresException { SqlState: "53100" } => StorageFailureKind.OutOfSpace,
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("58", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("28", StringComparison.Ordinal)
            ? StorageFailureKind.Unavailable
            : StorageFailureKind.None,

        // Not an error the server answered with: the connection could not be made, broke, or timed out.
        NpgsqlException => StorageFailureKind.Unavailable,
        TimeoutException => StorageFailureKind.Unavailable,
        _ => StorageFailureKind.None,
    };

    /// <summary>Npgsql's refusal when the connection string demands TLS and the server answers that it has none.</summary>
    private static bool IsTlsRefused(NpgsqlException exception) =>
        exception.Message.Contains("SSL", StringComparison.OrdinalIgnoreCase) && exception.InnerException is null or not SocketException;

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
