using Haven.Web.Hosting;

namespace Haven.Web;

/// <summary>The Haven web host: intake, desk and set-up.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        WebApplication app;
        try
        {
            app = await HavenApp.BuildAsync(args);
        }
        catch (Haven.Storage.DataDirectoryLockedException e)
        {
            await Console.Error.WriteLineAsync("haven: " + e.Message);
            return 2;
        }

        await app.RunAsync();
        return 0;
    }
}
