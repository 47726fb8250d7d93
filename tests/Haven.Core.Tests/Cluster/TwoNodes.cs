using Haven.Storage;
using Haven.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Core.Tests.Cluster;

/// <summary>
/// Two nodes of one instance in this process: two service providers built as the web host builds Core
/// (<see cref="CoreServiceCollectionExtensions.AddHavenCore"/>), each with its own singletons (write lock, caches,
/// quota, pending enrolments), on one database. Only PostgreSQL runs several nodes; on SQLite both "nodes" are
/// the one provider, so the tests keep their single-node meaning.
/// </summary>
internal sealed class TwoNodes : IAsyncDisposable
{
    private readonly ServiceProvider _a;
    private readonly ServiceProvider? _b;

    public TwoNodes(DataDirectory data, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Data = data;
        _a = Build(data, settings);
        _b = TestDatabases.Postgres ? Build(data, settings) : null;
    }

    public DataDirectory Data { get; }

    public IServiceProvider A => _a;

    public IServiceProvider B => _b ?? (IServiceProvider)_a;

    public IServiceProvider this[int i] => i % 2 == 0 ? A : B;

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        if (_b is not null)
        {
            await _b.DisposeAsync();
        }
    }

    private static ServiceProvider Build(DataDirectory data, IReadOnlyDictionary<string, string?>? settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddHavenCore(data, configuration);
        return services.BuildServiceProvider();
    }
}
