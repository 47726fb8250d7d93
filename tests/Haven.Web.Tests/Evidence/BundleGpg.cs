using System.Text;
using Haven.Tests;

namespace Haven.Web.Tests.Evidence;

/// <summary>
/// The recipient's side of a signed evidence bundle, with the real <c>gpg</c>: a throwaway home folder (deleted on
/// dispose, its agent stopped) with an RSA key pair as <c>gpg --quick-gen-key</c> makes it by default, a Curve25519
/// one (ECDH), a key that can only sign, one whose secret key is protected by a passphrase, and one that expired
/// (made with gpg's clock set to 2020, valid for a year). Made once per test class (a class fixture): one agent for
/// the class.
/// </summary>
public sealed class BundleGpg : IDisposable
{
    /// <summary>The passphrase of <see cref="Protected"/>'s secret key.</summary>
    public const string ProtectedPassphrase = "the lawyer's own key passphrase";

    private readonly GpgHome _home = new("haven-bundle-gpg-");

    public BundleGpg()
    {
        Rsa = Generate("Lawyer RSA <rsa@bundle.test>", "default", "default");
        Curve25519 = Generate("Lawyer Curve25519 <cv25519@bundle.test>", "future-default", "default");
        SignOnly = Generate("Sign only <sign@bundle.test>", "ed25519", "sign");
        Protected = Generate("Lawyer protected <protected@bundle.test>", "future-default", "default", ProtectedPassphrase);
        Expired = Generate("Lawyer expired <expired@bundle.test>", "future-default", "default", "", "1y", "--faked-system-time", "20200101T000000");
    }

    /// <summary>The fingerprint of an RSA key with an encryption subkey (gpg's default).</summary>
    public string Rsa { get; }

    /// <summary>The fingerprint of an Ed25519 key with a Curve25519 (ECDH) encryption subkey.</summary>
    public string Curve25519 { get; }

    /// <summary>The fingerprint of a key with no encryption subkey.</summary>
    public string SignOnly { get; }

    /// <summary>The fingerprint of a Curve25519 key whose secret key is protected by <see cref="ProtectedPassphrase"/>.</summary>
    public string Protected { get; }

    /// <summary>The fingerprint of a Curve25519 key that expired in 2021.</summary>
    public string Expired { get; }

    public string Home => _home.Path;

    /// <summary>The armoured public key, as a lawyer would send it.</summary>
    public string PublicKey(string fingerprint) => Encoding.ASCII.GetString(Run(null, "--batch", "--armor", "--export", fingerprint).Stdout);

    /// <summary>The armoured secret key (unprotected), for <c>haven evidence verify --secret-key</c>.</summary>
    public string SecretKey(string fingerprint) =>
        Encoding.ASCII.GetString(Run(null, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--armor", "--export-secret-keys", fingerprint).Stdout);

    /// <summary>The armoured secret key of <see cref="Protected"/>, still protected by its passphrase, as gpg exports it.</summary>
    public string ProtectedSecretKey() =>
        Encoding.ASCII.GetString(Run(null, "--batch", "--pinentry-mode", "loopback", "--passphrase", ProtectedPassphrase, "--armor", "--export-secret-keys", Protected).Stdout);

    /// <summary>Revokes <paramref name="fingerprint"/> and returns its public key as it now is.</summary>
    public string Revoke(string fingerprint)
    {
        var revocation = Path.Combine(_home.Path, "openpgp-revocs.d", fingerprint + ".rev");
        var text = File.ReadAllText(revocation).Replace(":-----BEGIN", "-----BEGIN", StringComparison.Ordinal);
        Run(Encoding.ASCII.GetBytes(text), "--batch", "--import");
        return PublicKey(fingerprint);
    }

    /// <summary>Runs <c>gpg --decrypt</c> on <paramref name="file"/> (with a passphrase file for a passphrase bundle), writing the plaintext to <paramref name="into"/>.</summary>
    public GpgResult Decrypt(string file, string into, string? passphraseFile = null)
    {
        List<string> args = ["--batch", "--yes", "--no-symkey-cache", "--pinentry-mode", "loopback"];
        if (passphraseFile is not null)
        {
            args.AddRange(["--passphrase-file", passphraseFile]);
        }
        else
        {
            args.AddRange(["--passphrase", ""]);
        }

        args.AddRange(["--output", into, "--decrypt", file]);
        var (exit, _, stderr) = Run(null, check: false, [.. args]);
        return new GpgResult(exit, stderr);
    }

    public void Dispose() => _home.Dispose();

    /// <summary>
    /// Makes a key pair. gpg now and then fails to make the self-signature of a key it has just made with a passphrase
    /// ("signing failed: Corrupted protection"; GnuPG's own test suite meets it too): that attempt leaves no public key,
    /// and the key is made again, up to three times.
    /// </summary>
    private string Generate(string userId, string algorithm, string usage, string passphrase = "", string expire = "never", params string[] options)
    {
        string[] generate = [.. options, "--batch", "--pinentry-mode", "loopback", "--passphrase", passphrase, "--quick-gen-key", userId, algorithm, usage, expire];
        for (var attempt = 1; ; attempt++)
        {
            var (exit, _, stderr) = Run(null, check: false, generate);
            if (exit == 0)
            {
                break;
            }

            if (attempt == 3 || !stderr.Contains("Corrupted protection", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"gpg {string.Join(' ', generate)} failed ({exit}): {stderr}");
            }
        }

        var colons = Encoding.UTF8.GetString(Run(null, "--batch", "--with-colons", "--list-keys", userId).Stdout);
        return colons.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
    }

    private (int Exit, byte[] Stdout, string Stderr) Run(byte[]? input, params string[] arguments) => Run(input, check: true, arguments);

    private (int Exit, byte[] Stdout, string Stderr) Run(byte[]? input, bool check, params string[] arguments) => _home.Run(input, check, arguments);
}

/// <summary>What <c>gpg --decrypt</c> returned and printed on standard error.</summary>
public sealed record GpgResult(int ExitCode, string Stderr)
{
    /// <summary>Decrypted, and gpg neither warned about a missing integrity check nor reported a modified message.</summary>
    public bool Clean => ExitCode == 0
        && !Stderr.Contains("integrity", StringComparison.OrdinalIgnoreCase)
        && !Stderr.Contains("WARNING", StringComparison.Ordinal);
}
