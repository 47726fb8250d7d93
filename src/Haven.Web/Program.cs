using Haven.Web.Hosting;

namespace Haven.Web;

/// <summary>The Haven web host: intake, desk and set-up.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var app = await HavenApp.BuildAsync(args);
        await app.RunAsync();
        return 0;
    }
}
