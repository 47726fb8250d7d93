using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Haven.Storage;

/// <summary>
/// Makes PostgreSQL compare and sort text the way SQLite does: every text column gets the "C" collation,
/// which orders by byte value (SQLite's BINARY) and is case-sensitive, whatever collation the server's
/// database was created with. Without it, ORDER BY name would follow the server's locale and the unique
/// index on responder names could treat names differently on the two providers.
/// </summary>
internal sealed class PostgresModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    public const string Collation = "C";

    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties().Where(p => (p.GetProviderClrType() ?? p.GetValueConverter()?.ProviderClrType ?? p.ClrType) == typeof(string)))
            {
                property.SetCollation(Collation);
            }
        }
    }
}
