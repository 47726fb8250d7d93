using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Haven.Web.Tests.Infrastructure;

/// <summary>
/// A real Haven server on a free loopback port with its own data directory (real SQLite files, or with
/// HAVEN_TEST_POSTGRES a fresh PostgreSQL database of its own: <see cref="TestDatabases"/>), created the way
/// an operator would with <c>haven init</c> and an administrator (who holds documentation key generation 1). Tests talk to it over real HTTP.
/// </summary>
public sealed class HavenServer : IAsyncDisposable
{
    public const string AdminName = "Admin";
    public const string AdminPassphrase = "correct horse battery staple";

    private WebApplication? _app;

    private HavenServer(string dataPath)
    {
        DataPath = dataPath;
    }

    public string DataPath { get; }

    /// <summary>The data directory with its database, for opening contexts on it from a test.</summary>
    internal DataDirectory Data => TestDatabases.Data(DataPath);

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public byte[] RecoverySecretKey { get; private set; } = [];

    public string AdminTotpSecret { get; private set; } = "";

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    public CapturedLogs Logs { get; } = new();

    /// <summary>The requests the server has begun and is handling: what a test waits on before "nothing happened".</summary>
    internal ServerRequests Requests { get; } = new();

    internal IServiceProvider Services => _app!.Services;

    /// <summary>Starts a server on an initialized instance with one administrator.</summary>
    public static Task<HavenServer> StartAsync(params string[] settings) => StartInAsync(NewDataPath(), settings);

    /// <summary>Starts a server on an initialized instance with one administrator in <paramref name="dataPath"/> (a folder on a small disk, say).</summary>
    public static async Task<HavenServer> StartInAsync(string dataPath, params string[] settings)
    {
        await TestDatabases.PrepareMigratedAsync(dataPath);
        var server = new HavenServer(dataPath);
        var data = server.Data;
        byte[] recoveryPublicKey;
        using (var recovery = await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
        {
            server.RecoverySecretKey = recovery.ExportSecretKey();
            recoveryPublicKey = recovery.PublicKey;
        }

        var (admin, totp) = NewResponder.Create(AdminName, AdminPassphrase, ResponderRole.Admin, DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime));
        await using (var db = StorageServiceCollectionExtensions.CreateContext(data))
        {
            await AddResponderCommand.ExecuteAsync(db, admin, recoveryPublicKey, CancellationToken.None);
        }

        server.AdminTotpSecret = totp;
        await server.RunAsync(settings);
        return server;
    }

    /// <summary>Starts a server on an empty data directory: the one-time set-up is pending.</summary>
    public static async Task<HavenServer> StartFreshAsync(params string[] settings)
    {
        var server = new HavenServer(NewDataPath());
        await server.RunAsync(settings);
        return server;
    }

    /// <summary>Starts a server on a data directory prepared by the test.</summary>
    public static async Task<HavenServer> StartOnAsync(string dataPath, params string[] settings)
    {
        var server = new HavenServer(dataPath);
        await server.RunAsync(settings);
        return server;
    }

    /// <summary>A TOTP code for the administrator at the server's clock, shifted by whole time steps.</summary>
    public string AdminCode(int stepOffset = 0) => TotpCodes.Compute(AdminTotpSecret, Clock.GetUtcNow().AddSeconds(30 * stepOffset));

    public HavenClient CreateClient(string? acceptLanguage = "en") => new(BaseAddress, acceptLanguage);

    /// <summary>How many rows a set of the server's database holds right now (for "nothing stored" checks).</summary>
    internal async Task<int> CountAsync<T>(Func<HavenDbContext, IQueryable<T>> set)
    {
        var factory = Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<HavenDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(set(db));
    }

    /// <summary>Starts this server again after <see cref="StopAsync"/>, on the same data directory, clock and secrets.</summary>
    public Task StartAgainAsync(params string[] settings) => RunAsync(settings);

    /// <summary>Stops the server, keeping its data directory for inspection.</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }

        StorageServiceCollectionExtensions.ClearSqlitePool(Data);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }

        TestDatabases.Drop(DataPath);
    }

    private async Task RunAsync(string[] settings)
    {
        string[] args = ["--data", DataPath, "--urls", "http://127.0.0.1:0", .. TestDatabases.HostSettings(DataPath), .. settings];
        _app = await HavenApp.BuildAsync(args, builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(Clock);
            builder.Logging.AddProvider(Logs);
            builder.Services.AddSingleton(Requests.Filter());
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
    }

    private static string NewDataPath() => Path.Combine(Path.GetTempPath(), "haven-test-" + RandomId.New());
}
