using System.Data.Common;
using Haven.Storage;
using Haven.Tests;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Haven.Web.Tests.Infrastructure;

/// <summary>
/// Plain ADO.NET connections to a test's database, bypassing Haven's code: for reading rows as stored and
/// for tampering with them. The SQLite file of the data directory, or its PostgreSQL test database. SQL
/// given here must be valid on both (parameters as <c>@name</c>).
/// </summary>
internal static class RawDatabase
{
    public static async Task<DbConnection> OpenAsync(string dataPath, bool readOnly = false)
    {
        var settings = TestDatabases.For(dataPath);
        DbConnection connection = settings.Provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataPath, "haven.db"), Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
