using System.Globalization;
using Haven.Cases;
using Haven.Files;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Haven.Backup;

/// <summary>
/// The tables of the EF Core model as a backup writes and a restore reads them, taken from the model itself
/// (<c>db.Model.GetRelationalModel()</c>) so that a table or column added later is backed up without
/// touching this code. Tables are ordered so that each comes after every table its foreign keys point to;
/// the types are the model's own (after its value conversions), the same on SQLite and PostgreSQL, which is
/// what lets a backup of one be restored into the other. Derived tables (<see cref="DerivedTables"/>) are
/// left out: the restored tables they come from fill them again.
/// </summary>
internal sealed class BackupSchema
{
    private BackupSchema(IReadOnlyList<BackupTable> tables, string filesTable, ISqlGenerationHelper sql)
    {
        Tables = tables;
        FilesTable = filesTable;
        Sql = sql;
    }

    /// <summary>Every table, each after the tables it refers to.</summary>
    public IReadOnlyList<BackupTable> Tables { get; }

    /// <summary>The table whose rows name the blobs (<see cref="StoredFile"/>); its key is the blob id.</summary>
    public string FilesTable { get; }

    private ISqlGenerationHelper Sql { get; }

    public static BackupSchema From(HavenDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var model = db.Model.GetRelationalModel();
        var casesTable = db.Model.FindEntityType(typeof(Case))!.GetTableName()!;
        var filesTable = db.Model.FindEntityType(typeof(StoredFile))!.GetTableName()!;
        var tables = new Dictionary<string, BackupTable>(StringComparer.Ordinal);
        var dependsOn = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var table in model.Tables.Where(t => !DerivedTables.IsDerived(t)))
        {
            var columns = table.Columns.Select(c => new BackupColumn(c.Name, BackupValues.TypeName(LogicalType(c), table.Name, c.Name), c.IsNullable)).ToList();
            var key = table.PrimaryKey?.Columns.Select(c => c.Name).ToList()
                ?? throw new NotSupportedException($"Table {table.Name} has no primary key; backups need one to order its rows.");
            string? caseColumn = table.Name == casesTable
                ? key.Single()
                : table.ForeignKeyConstraints.FirstOrDefault(f => f.PrincipalTable.Name == casesTable && f.Columns.Count == 1)?.Columns[0].Name;
            var generated = table.PrimaryKey.Columns.Count == 1
                && table.PrimaryKey.Columns[0].PropertyMappings.Any(m => m.Property.ValueGenerated == ValueGenerated.OnAdd)
                && BackupValues.TypeName(LogicalType(table.PrimaryKey.Columns[0]), table.Name, key[0]) is BackupValues.Int32 or BackupValues.Int64
                ? key[0]
                : null;
            tables[table.Name] = new BackupTable(table.Name, columns, key, caseColumn, generated);
            dependsOn[table.Name] = new SortedSet<string>(table.ForeignKeyConstraints.Select(f => f.PrincipalTable.Name).Where(n => n != table.Name), StringComparer.Ordinal);
        }

        // A stable topological order: of the tables whose dependencies are all placed, the first by name.
        var ordered = new List<BackupTable>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < tables.Count)
        {
            var next = tables.Keys.Where(n => !placed.Contains(n) && dependsOn[n].All(placed.Contains)).Order(StringComparer.Ordinal).FirstOrDefault()
                ?? throw new NotSupportedException("The model's foreign keys form a cycle; backups cannot order its tables.");
            ordered.Add(tables[next]);
            placed.Add(next);
        }

        return new BackupSchema(ordered, filesTable, db.GetService<ISqlGenerationHelper>());
    }

    public BackupTable? Find(string name) => Tables.FirstOrDefault(t => t.Name == name);

    /// <summary>Every row of the table, in key order.</summary>
    public string SelectAll(BackupTable table) =>
        $"SELECT {string.Join(", ", table.Columns.Select(c => Sql.DelimitIdentifier(c.Name)))} FROM {Sql.DelimitIdentifier(table.Name)} ORDER BY {string.Join(", ", table.Key.Select(Sql.DelimitIdentifier))}";

    public string Insert(BackupTable table) =>
        $"INSERT INTO {Sql.DelimitIdentifier(table.Name)} ({string.Join(", ", table.Columns.Select(c => Sql.DelimitIdentifier(c.Name)))}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))})";

    public string DeleteAll(BackupTable table) => $"DELETE FROM {Sql.DelimitIdentifier(table.Name)}";

    /// <summary>PostgreSQL: moves the identity sequence of the table's generated key past the largest restored id.</summary>
    public string ResetIdentity(BackupTable table) =>
        $"SELECT setval(pg_get_serial_sequence('{Sql.DelimitIdentifier(table.Name)}', '{table.GeneratedKey}'), COALESCE((SELECT MAX({Sql.DelimitIdentifier(table.GeneratedKey!)}) FROM {Sql.DelimitIdentifier(table.Name)}), 0) + 1, false)";

    /// <summary>The type the model gives the column's values, after its own conversions (enum to string, …).</summary>
    private static Type LogicalType(IColumn column)
    {
        var property = column.PropertyMappings[0].Property;
        var type = property.GetValueConverter()?.ProviderClrType ?? property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }
}
