using System.Diagnostics;

namespace Haven.Tests;

/// <summary>
/// A throwaway <c>gpg</c> home folder for the tests' real OpenPGP keys: runs gpg in it with standard input and output
/// (so that no content reaches a file), and on dispose stops its agent and deletes it.
/// </summary>
internal sealed class GpgHome : IDisposable
{
    private readonly DirectoryInfo _home;

    public GpgHome(string prefix) => _home = Directory.CreateTempSubdirectory(prefix);

    public string Path => _home.FullName;

    /// <summary>Runs gpg with <paramref name="input"/> on standard input; throws when <paramref name="check"/> and gpg fails.</summary>
    public (int Exit, byte[] Stdout, string Stderr) Run(byte[]? input, bool check, params string[] arguments)
    {
        var start = new ProcessStartInfo("gpg") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--homedir");
        start.ArgumentList.Add(_home.FullName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var gpg = Process.Start(start)!;
        var error = gpg.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        var copied = gpg.StandardOutput.BaseStream.CopyToAsync(output);
        if (input is not null)
        {
            gpg.StandardInput.BaseStream.Write(input);
        }

        gpg.StandardInput.Close();
        copied.Wait();
        gpg.WaitForExit();
        if (check && gpg.ExitCode != 0)
        {
            throw new InvalidOperationException($"gpg {string.Join(' ', arguments)} failed ({gpg.ExitCode}): {error.Result}");
        }

        return (gpg.ExitCode, output.ToArray(), error.Result);
    }

    public void Dispose()
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", _home.FullName, "--kill", "all"]) { RedirectStandardError = true });
            kill?.WaitForExit();
        }
        finally
        {
            _home.Delete(recursive: true);
        }
    }
}
