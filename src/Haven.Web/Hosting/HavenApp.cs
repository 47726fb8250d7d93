using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Haven.Storage;
using Haven.Web.Act;
using Haven.Web.Desk;
using Haven.Web.Figures;
using Haven.Web.Files;
using Haven.Web.Intake;
using Haven.Web.Localization;
using Haven.Web.Record;
using Haven.Web.Security;
using Haven.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;

namespace Haven.Web.Hosting;

/// <summary>Builds the web application; shared by Program and the tests.</summary>
internal static class HavenApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>English and one language per resource file <c>SharedResource.&lt;code&gt;.resx</c> (<see cref="Languages"/>).</summary>
    public static readonly CultureInfo[] Cultures = [.. Languages.Of(typeof(HavenApp).Assembly)];

    /// <exception cref="StorageStartupException">The data directory or the database cannot be used (one line for the operator).</exception>
    /// <exception cref="DatabaseConfigurationException">The database settings are invalid.</exception>
    /// <exception cref="ConfigurationFileException">HAVEN_CONFIG names a missing or invalid file.</exception>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory, ApplicationName = typeof(HavenApp).Assembly.GetName().Name });
        builder.Configuration.AddHavenConfigFile();
        var data = DataDirectory.Resolve(builder.Configuration["data"] ?? builder.Configuration["Haven:Data"], DatabaseSettings.From(builder.Configuration));

        // One server per data directory, held until the application is disposed (see DataDirectoryLock). A disk
        // too full to create the lock file stops the start with one line, like the checks in StorageStartup.
        DataDirectoryLock directoryLock;
        try
        {
            directoryLock = DataDirectoryLock.Acquire(data);
        }
        catch (Exception e) when (e is not DataDirectoryLockedException && StorageFailure.IsStorageFailure(e))
        {
            throw new StorageStartupException(StorageFailure.Describe(e, data), e);
        }

        try
        {
            return await BuildAsync(builder, data, directoryLock, configure);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    private static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, DataDirectory data, DataDirectoryLock directoryLock, Action<WebApplicationBuilder>? configure)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // No one-byte peek before every socket read (why: docs/benchmarks.md, "History").
        builder.WebHost.UseSockets(o => o.WaitForDataBeforeAllocatingBuffer = false);

        // Receives of 64 KiB instead of 4 KiB (see LargeBlockMemoryPool).
        builder.Services.AddSingleton<Microsoft.AspNetCore.Connections.IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 2 * 1024 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
        });

        // Logs carry no addresses, user agents or bodies: the framework's request logging is off and
        // nothing of Haven's logs a request.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);

        builder.Services.AddHavenCore(data, builder.Configuration);
        builder.Services.AddHavenDataProtection(data);
        builder.Services.AddHavenSecurity(builder.Configuration);
        builder.Services.AddHavenProxies(builder.Configuration);
        builder.Services.AddHavenIntakeWeb(builder.Configuration);
        builder.Services.AddHavenFilesWeb();
        builder.Services.AddHavenRecordWeb();
        builder.Services.AddHavenDesk(builder.Configuration);
        builder.Services.AddHavenSetup();
        builder.Services.AddHavenJobs(builder.Configuration);
        // Razor would otherwise escape every Cyrillic letter as an entity.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.AddRazorPages(o => o.Conventions.ConfigureFilter(new UnknownHandlerFilter()).ConfigureFilter(new StorageOutageFilter())).AddViewLocalization();
        builder.Services.AddEncodedRedirects();
        builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder(DeskAuthentication.SchemeName).RequireAuthenticatedUser().Build());
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Languages.English);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = LanguageCookie.Name }, new AcceptLanguageHeaderRequestCultureProvider()];
        });
        configure?.Invoke(builder);

        var startupWait = StorageStartup.StartupWait(builder.Configuration[StorageStartup.StartupWaitKey]);
        builder.Services.AddSingleton(_ => directoryLock);
        var app = builder.Build();

        // Resolved once so that the container owns it and releases it when the application is disposed.
        app.Services.GetRequiredService<DataDirectoryLock>();
        try
        {
            // A full or read-only disk and a misconfigured database stop the start with one line; a database
            // that is not up yet is waited for (docs/operations.md, "Full disks and database outages").
            await StorageStartup.PrepareAsync(data, startupWait, Console.Error, CancellationToken.None);
            await app.Services.GetRequiredService<SetupState>().InitializeAsync(CancellationToken.None);

            // The intake shows the team's texts from memory, never waiting on the database (TeamTextStore).
            await app.Services.GetRequiredService<Haven.TeamTexts.TeamTextStore>().LoadAsync(CancellationToken.None);

            // Before any request: the blob folder (shared by the nodes on PostgreSQL) is reachable and writable; then
            // finish blobs whose record was committed before a crash, delete the rest (another node's uploads excepted).
            BlobFolderProbe.Run(app.Services.GetRequiredService<Haven.Files.BlobStore>());
            await app.Services.GetRequiredService<Haven.Files.BlobSweep>().SweepAllAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not StorageStartupException && StorageFailure.IsStorageFailure(e))
        {
            await app.DisposeAsync();
            throw new StorageStartupException(StorageFailure.Describe(e, data), e);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        app.UseHavenProxies();
        app.UseHavenSecurityHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error/500", StatusCodeSelector = ErrorStatus.ForException });
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseHavenPublicSides();
        app.UseHavenActLanguage();
        app.UseRouting();
        app.UseUploadLimits();
        app.UseRequestSizeCheck();
        app.UseFormEncodingCheck();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapHavenFigures();
        app.MapGet("/health", () => Results.Text("up")).AllowAnonymous();

        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<SetupState>().Announce(app.Urls));
        return app;
    }
}
