namespace Haven.Cli;

/// <summary>The <c>haven</c> operator tool.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new StopSignal();
        return await CliApp.RunAsync(args, Console.In, Console.Out, Console.Error, stop: stop.Token);
    }
}
