using System.Net.Sockets;
using Haven.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Haven.Core.Tests.Storage;

/// <summary>
/// What counts as "storage unavailable" (a 503 with the form back, or one line at start) and what does not:
/// a constraint violation or a bug must keep failing as before, never be passed off as an outage.
/// </summary>
public sealed class StorageFailureTests
{
    [Fact]
    public void A_full_disk_is_out_of_space_through_any_wrapper()
    {
        Assert.Equal(StorageFailureKind.OutOfSpace, StorageFailure.Classify(new IOException("No space left on device", 28)));
        Assert.Equal(StorageFailureKind.OutOfSpace, StorageFailure.Classify(new IOException("Disk quota exceeded", 122)));
        Assert.Equal(StorageFailureKind.OutOfSpace, StorageFailure.Classify(new DbUpdateException("saving", new SqliteException("SQLite Error 13: 'database or disk is full'.", 13))));
        Assert.Equal(StorageFailureKind.OutOfSpace, StorageFailure.Classify(new AggregateException(new PostgresException("could not extend file", "ERROR", "ERROR", "53100"))));
    }

    [Fact]
    public void An_unreachable_or_failing_database_is_unavailable()
    {
        Assert.Equal(StorageFailureKind.Unavailable, StorageFailure.Classify(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.Equal(StorageFailureKind.Unavailable, StorageFailure.Classify(new DbUpdateException("saving", new PostgresException("terminating connection", "FATAL", "FATAL", "57P01"))));
        Assert.Equal(StorageFailureKind.Unavailable, StorageFailure.Classify(new InvalidOperationException("transient", new TimeoutException())));
        Assert.Equal(StorageFailureKind.Unavailable, StorageFailure.Classify(new SqliteException("disk I/O error", 10)));
        Assert.Equal(StorageFailureKind.Unavailable, StorageFailure.Classify(new SqliteException("database is locked", 5)));
    }

    [Fact]
    public void Constraint_violations_bugs_and_other_io_errors_are_not_storage_failures()
    {
        Assert.Equal(StorageFailureKind.None, StorageFailure.Classify(new DbUpdateException("saving", new PostgresException("duplicate key", "ERROR", "ERROR", "23505"))));
        Assert.Equal(StorageFailureKind.None, StorageFailure.Classify(new DbUpdateException("saving", new SqliteException("UNIQUE constraint failed", 19))));
        Assert.Equal(StorageFailureKind.None, StorageFailure.Classify(new IOException("The client went away")));
        Assert.Equal(StorageFailureKind.None, StorageFailure.Classify(new InvalidOperationException("a bug")));
        Assert.Equal(StorageFailureKind.None, StorageFailure.Classify(null));
    }

    [Fact]
    public void Only_a_database_that_is_not_up_yet_is_worth_waiting_for()
    {
        Assert.True(StorageFailure.IsNotUpYet(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(StorageFailure.IsNotUpYet(new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03")));
        Assert.False(StorageFailure.IsNotUpYet(new PostgresException("password authentication failed", "FATAL", "FATAL", "28P01")));
        Assert.False(StorageFailure.IsNotUpYet(new NpgsqlException("SSL connection requested. No SSL enabled connection from this host is configured.")));
    }

    [Fact]
    public void The_operator_line_never_holds_the_connection_string()
    {
        var data = new DataDirectory("/srv/haven/data", new DatabaseSettings(DatabaseProvider.Postgres, "Host=db;Password=secret-password"));
        var line = StorageFailure.Describe(new PostgresException("password authentication failed for user \"haven\"", "FATAL", "FATAL", "28P01"), data);
        Assert.StartsWith("the PostgreSQL server refused the login (28P01", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }
}
