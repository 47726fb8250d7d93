using System.Diagnostics;
using System.Text;

namespace Haven.Tests;

/// <summary>
/// Real OpenPGP keys made by <c>gpg</c> in a throwaway home folder (deleted on dispose, its agent stopped): a
/// signer and a second, unrelated key. Made once per test class (a class fixture), not per test. Signing reads
/// the content on standard input and writes the armoured signature to standard output, so that no content (and
/// no canary marker) is written to a file.
/// </summary>
public sealed class GpgKeys : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("haven-gpg-");

    public GpgKeys()
    {
        Signer = Generate("ProofMode test <signer@proofmode.test>");
        Other = Generate("Someone else <other@proofmode.test>");
    }

    /// <summary>The fingerprint of the key that signs the bundles, as gpg prints it (40 upper-case hexadecimal characters).</summary>
    public string Signer { get; }

    /// <summary>The fingerprint of a second key, for signatures the bundle's key did not make.</summary>
    public string Other { get; }

    /// <summary>An armoured detached signature of <paramref name="content"/> by the key <paramref name="fingerprint"/>.</summary>
    public byte[] Sign(string fingerprint, byte[] content) =>
        Run(content, "--batch", "--yes", "--pinentry-mode", "loopback", "--passphrase", "", "--local-user", fingerprint, "--armor", "--detach-sign");

    /// <summary>The armoured public key <paramref name="fingerprint"/>, as ProofMode writes <c>pubkey.asc</c>.</summary>
    public byte[] PublicKey(string fingerprint) => Run(null, "--batch", "--armor", "--export", fingerprint);

    private string Generate(string userId)
    {
        Run(null, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", userId, "default", "default", "never");
        var colons = Encoding.UTF8.GetString(Run(null, "--batch", "--with-colons", "--list-keys", userId));
        return colons.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
    }

    private byte[] Run(byte[]? input, params string[] arguments)
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
        if (gpg.ExitCode != 0)
        {
            throw new InvalidOperationException($"gpg {string.Join(' ', arguments)} failed ({gpg.ExitCode}): {error.Result}");
        }

        return output.ToArray();
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
