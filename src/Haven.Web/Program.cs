using Haven.Storage;
using Haven.Web.Hosting;
using Haven.Web.Localization;

namespace Haven.Web;

/// <summary>The Haven web host: intake, desk and set-up.</summary>
public static class Program
{
    /// <returns>0 after a normal stop (or, for <c>translations</c>, when no language misses a key, else 1); 2 when the storage, its settings or the configuration file (HAVEN_CONFIG) keep Haven from starting (one line on standard error).</returns>
    public static async Task<int> Main(string[] args)
    {
        // A translator's check, not a start: what each language's resource file still lacks (docs/translating.md).
        if (args is ["translations"])
        {
            var reports = TranslationReport.ForSite();
            Console.Write(TranslationReport.Format(reports));
            return reports.Any(r => r.Missing.Count > 0) ? 1 : 0;
        }

        // First, before anything slow (configuration, migrations, the data directory): whoever started it sees
        // at once that it runs. Nothing of any request exists yet, so nothing of one can be printed here.
        Console.WriteLine("Haven is starting…");
        WebApplication app;
        try
        {
            app = await HavenApp.BuildAsync(args);
        }
        catch (Exception e) when (e is StorageStartupException or DatabaseConfigurationException or DataDirectoryLockedException or ConfigurationFileException)
        {
            // One line saying what is wrong, no stack trace: a service manager shows it as the reason.
            await Console.Error.WriteLineAsync("haven: " + e.Message);
            return 2;
        }

        await app.RunAsync();
        return 0;
    }
}
