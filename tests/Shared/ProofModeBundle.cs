using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Haven.Tests;

/// <summary>
/// A ProofMode bundle as the app's share builds it (ShareProofActivity.zipProof in guardianproject/proofmode-android):
/// the media file under its own name, <c>&lt;sha256&gt;.asc</c>, <c>&lt;sha256&gt;.proof.json</c> and
/// <c>.proof.csv</c> with their <c>.asc</c>, <c>pubkey.asc</c> and <c>HowToVerifyProofData.txt</c>, all signed by
/// real gpg. Entries are a list of (name, bytes) that a test may change before <see cref="Zip"/>.
/// </summary>
internal static class ProofModeBundle
{
    /// <summary>The entries of a bundle for <paramref name="media"/>; <paramref name="notes"/> goes into the proof's <c>Notes</c> field.</summary>
    public static List<(string Name, byte[] Bytes)> Entries(GpgKeys gpg, byte[] media, string mediaName = "PXL_20261205_101500123.jpg", string notes = "")
    {
        var hash = Sha256(media);
        var fields = new Dictionary<string, string>
        {
            ["File Path"] = "/storage/emulated/0/DCIM/Camera/" + mediaName,
            ["File Hash SHA256"] = hash,
            ["File Created"] = "2026-12-05T10:15:00.123Z",
            ["File Modified"] = "2026-12-05T10:15:00.456Z",
            ["Proof Generated"] = "2026-12-05T10:15:02.789Z",
            ["Language"] = "ru",
            ["Locale"] = "RU",
            ["Hardware"] = "Pixel 6a",
            ["Manufacturer"] = "Google",
            ["ScreenSize"] = "6.1",
            ["Location.Latitude"] = "43.3169",
            ["Location.Longitude"] = "45.6981",
            ["Location.Provider"] = "gps",
            ["Location.Accuracy"] = "4.2",
            ["Location.Time"] = "1796465700000",
            ["SafetyCheck"] = "false",
            ["Notes"] = notes,
        };
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(fields));
        var csv = Encoding.UTF8.GetBytes(string.Concat(fields.Keys.Select(k => k + ",")) + "\n" + string.Concat(fields.Values.Select(v => v.Replace(',', ' ') + ",")));
        return
        [
            (mediaName, media),
            ($"{hash}.asc", gpg.Sign(gpg.Signer, media)),
            ($"{hash}.proof.json", json),
            ($"{hash}.proof.json.asc", gpg.Sign(gpg.Signer, json)),
            ($"{hash}.proof.csv", csv),
            ($"{hash}.proof.csv.asc", gpg.Sign(gpg.Signer, csv)),
            ("pubkey.asc", gpg.PublicKey(gpg.Signer)),
            ("HowToVerifyProofData.txt", "gpg --verify ..."u8.ToArray()),
        ];
    }

    /// <summary>The entries zipped as ProofMode does (deflated, flat), or stored uncompressed with <paramref name="level"/> <see cref="CompressionLevel.NoCompression"/>.</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(bytes);
            }
        }

        return memory.ToArray();
    }

    /// <summary>A photo-sized media file of random bytes.</summary>
    public static byte[] Media(int length = 150_000) => RandomNumberGenerator.GetBytes(length);

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The entries with the one named <paramref name="name"/> replaced (or removed when <paramref name="bytes"/> is null).</summary>
    public static List<(string Name, byte[] Bytes)> With(this List<(string Name, byte[] Bytes)> entries, string name, byte[]? bytes) =>
        bytes is null ? [.. entries.Where(e => e.Name != name)] : [.. entries.Select(e => e.Name == name ? (name, bytes) : e)];
}
