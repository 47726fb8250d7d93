using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Haven.Storage;

/// <summary>
/// Both providers' migrations live in this assembly, each set in its own namespace
/// (<c>Haven.Storage.Migrations.Sqlite</c>, <c>Haven.Storage.Migrations.Postgres</c>). EF Core would find
/// all of them for <see cref="HavenDbContext"/>; this keeps only the set of the provider in use, and its
/// model snapshot, so that each database is migrated with SQL written for it.
/// </summary>
internal sealed class ProviderMigrationsAssembly(ICurrentDbContext currentContext, IDatabaseProvider provider, IMigrationsIdGenerator idGenerator) : IMigrationsAssembly
{
    public const string SqliteNamespace = "Haven.Storage.Migrations.Sqlite";

    public const string PostgresNamespace = "Haven.Storage.Migrations.Postgres";

    private readonly Type _contextType = currentContext.Context.GetType();

    private IReadOnlyDictionary<string, TypeInfo>? _migrations;

    private ModelSnapshot? _snapshot;

    public Assembly Assembly => typeof(HavenDbContext).Assembly;

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= FindMigrations();

    public ModelSnapshot? ModelSnapshot => _snapshot ??= Ours(typeof(ModelSnapshot)).Select(t => (ModelSnapshot)Activator.CreateInstance(t.AsType())!).FirstOrDefault();

    private string Namespace => provider.Name == "Npgsql.EntityFrameworkCore.PostgreSQL" ? PostgresNamespace : SqliteNamespace;

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(idGenerator.IsValidId(nameOrId)
            ? id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            : id => string.Equals(idGenerator.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        ArgumentNullException.ThrowIfNull(migrationClass);
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private SortedList<string, TypeInfo> FindMigrations()
    {
        var result = new SortedList<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var type in Ours(typeof(Migration)))
        {
            if (type.GetCustomAttribute<MigrationAttribute>()?.Id is { } id)
            {
                result.Add(id, type);
            }
        }

        return result;
    }

    private IEnumerable<TypeInfo> Ours(Type baseType) =>
        Assembly.DefinedTypes.Where(t => !t.IsAbstract && !t.IsGenericTypeDefinition && t.IsSubclassOf(baseType)
            && t.Namespace == Namespace
            && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType);
}
