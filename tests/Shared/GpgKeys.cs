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
    private readonly GpgHome _home = new("haven-gpg-");

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

    public void Dispose() => _home.Dispose();

    private string Generate(string userId)
    {
        Run(null, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", userId, "default", "default", "never");
        var colons = Encoding.UTF8.GetString(Run(null, "--batch", "--with-colons", "--list-keys", userId));
        return colons.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
    }

    private byte[] Run(byte[]? input, params string[] arguments) => _home.Run(input, check: true, arguments).Stdout;
}
