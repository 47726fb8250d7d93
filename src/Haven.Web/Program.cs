using Haven.Web.Hosting;

namespace Haven.Web;

/// <summary>The Haven web host: intake, desk and set-up.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // First, before anything slow (configuration, migrations, the data directory): whoever started it sees
        // at once that it runs. Nothing of any request exists yet, so nothing of one can be printed here.
        Console.WriteLine("Haven is starting…");
        var app = await HavenApp.BuildAsync(args);
        await app.RunAsync();
        return 0;
    }
}
