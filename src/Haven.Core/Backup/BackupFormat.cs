using System.Formats.Tar;
using Haven.Crypto;
using Haven.Storage;

namespace Haven.Backup;

/// <summary>
/// The layout of a backup file (protocol.md, "Backups"): the line <c>haven-backup-v1</c>, the stream key
/// sealed to the recovery public key, then one <see cref="BackupCipher"/> stream whose plaintext is a tar
/// archive: <c>instance.key</c>, every blob as <c>blobs/&lt;id&gt;</c>, every table as
/// <c>tables/&lt;table&gt;/&lt;part&gt;.jsonl</c>, and <c>manifest.json</c> last. Nothing of the payload is
/// outside the stream; the file reveals only that it is a Haven backup and roughly how large the instance is.
/// </summary>
internal static class BackupFormat
{
    /// <summary>The first bytes of every backup: its format and version, and a line feed.</summary>
    public static ReadOnlySpan<byte> Magic => "haven-backup-v1\n"u8;

    /// <summary>Length of the sealed stream key that follows the magic line.</summary>
    public const int SealedKeyLength = BackupCipher.KeyLength + SealedBox.Overhead;

    public const int Version = 1;

    public const string InstanceKeyEntry = "instance.key";

    public const string BlobPrefix = "blobs/";

    public const string TablePrefix = "tables/";

    public const string ManifestEntry = "manifest.json";

    /// <summary>A table part is written once it holds this much; a single larger row makes a larger part.</summary>
    public const int PartBytes = 1024 * 1024;

    /// <summary>The largest table part or manifest a restore reads into memory.</summary>
    public const int MaxPartBytes = 256 * 1024 * 1024;

    /// <summary>The name of the <paramref name="part"/>-th part (from 1) of a table.</summary>
    public static string TablePart(string table, int part) => $"{TablePrefix}{table}/{part:D6}.jsonl";

    /// <summary>Writes the magic line and the sealed stream key.</summary>
    public static async Task WriteHeaderAsync(Stream output, ReadOnlyMemory<byte> sealedKey, CancellationToken cancellationToken)
    {
        if (sealedKey.Length != SealedKeyLength)
        {
            throw new ArgumentException("A sealed backup key has the wrong length.", nameof(sealedKey));
        }

        await output.WriteAsync(Magic.ToArray(), cancellationToken);
        await output.WriteAsync(sealedKey, cancellationToken);
    }

    /// <summary>Reads the header and opens the stream key with the recovery key pair.</summary>
    /// <returns>The stream key; the caller wipes it.</returns>
    /// <exception cref="BackupException">Not a backup, cut short, or sealed to another key.</exception>
    public static async Task<byte[]> ReadHeaderAsync(Stream input, X25519KeyPair recovery, CancellationToken cancellationToken)
    {
        var header = new byte[Magic.Length + SealedKeyLength];
        var read = await input.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < Magic.Length || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new BackupException("that file is not a Haven backup (version 1).");
        }

        if (read < header.Length)
        {
            throw new BackupException("the backup is cut short.");
        }

        if (!SealedBox.TryOpen(header.AsSpan(Magic.Length), recovery, out var key) || key.Length != BackupCipher.KeyLength)
        {
            throw new BackupException("the recovery secret does not open this backup: it belongs to another instance, or the file is damaged.");
        }

        return key;
    }

    /// <summary>
    /// A regular-file entry with nothing about the machine or the moment in it: mode 0600, owner 0, and the
    /// Unix epoch as its time (the manifest keeps the day). Ustar, or PAX for the rare blob over 8 GiB.
    /// </summary>
    public static TarEntry Entry(string name, Stream data)
    {
        ArgumentNullException.ThrowIfNull(data);
        TarEntry entry = data.Length - data.Position >= 8L * 1024 * 1024 * 1024
            ? new PaxTarEntry(TarEntryType.RegularFile, name)
            : new UstarTarEntry(TarEntryType.RegularFile, name);
        entry.Mode = OwnerOnly.FilePermissions;
        entry.ModificationTime = DateTimeOffset.UnixEpoch;
        entry.Uid = 0;
        entry.Gid = 0;
        entry.DataStream = data;
        return entry;
    }

}
