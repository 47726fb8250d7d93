using Microsoft.EntityFrameworkCore;

namespace Haven.Storage;

/// <summary>Contexts on a data directory for the offline commands that run without the web host's services (a responder reset).</summary>
internal sealed class DataDirectoryContextFactory(DataDirectory data) : IDbContextFactory<HavenDbContext>
{
    public HavenDbContext CreateDbContext() => StorageServiceCollectionExtensions.CreateContext(data);
}
