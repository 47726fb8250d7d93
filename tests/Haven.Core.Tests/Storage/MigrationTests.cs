using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Core.Tests.Storage;

/// <summary>
/// Each provider's migrations (Storage/Migrations/Sqlite and /Postgres, added with tools/add-migration.sh)
/// describe the model as it is: a change of the model without a migration for both providers fails here,
/// before a database somewhere is left without a column or a table.
/// </summary>
public sealed class MigrationTests
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_has_no_change_that_a_migration_does_not_hold(string provider)
    {
        // No connection is opened: the model is compared with the provider's snapshot only.
        var settings = provider == "sqlite" ? DatabaseSettings.Sqlite : new DatabaseSettings(DatabaseProvider.Postgres, "Host=127.0.0.1;Database=haven_model_check");
        using var db = StorageServiceCollectionExtensions.CreateContext(new DataDirectory(Path.Combine(Path.GetTempPath(), "haven-model-check"), settings));
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations do not match the model: run tools/add-migration.sh NAME.");
    }
}
