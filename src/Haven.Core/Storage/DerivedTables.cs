using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Haven.Storage;

/// <summary>
/// Tables whose every row the database derives from other tables (by triggers): they hold nothing of their
/// own, so a backup leaves them out and a restore gets them back by restoring the tables they come from.
/// </summary>
internal static class DerivedTables
{
    private const string Annotation = "Haven:Derived";

    /// <summary>Marks the entity's table as derived.</summary>
    public static EntityTypeBuilder<T> IsDerived<T>(this EntityTypeBuilder<T> entity)
        where T : class => entity.HasAnnotation(Annotation, true);

    /// <summary>True when every entity mapped to the table is marked derived.</summary>
    public static bool IsDerived(ITable table) =>
        table.EntityTypeMappings.All(m => m.TypeBase.FindAnnotation(Annotation)?.Value is true);
}
