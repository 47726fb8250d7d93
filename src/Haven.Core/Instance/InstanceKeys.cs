using System.Text.Json;
using System.Text.Json.Serialization;
using Haven.Crypto;
using Haven.Storage;

namespace Haven.Instance;

/// <summary>
/// The instance's own secrets, kept in <c>instance.key</c> in the data directory and never in the database:
/// the receipt pepper and the public half of the recovery key (protocol.md, "Instance").
/// </summary>
internal sealed class InstanceKeys
{
    private InstanceKeys(byte[] pepper, byte[] recoveryPublicKey, byte[] auditSecretKey)
    {
        Pepper = pepper;
        RecoveryPublicKey = recoveryPublicKey;
        AuditSecretKey = auditSecretKey;
    }

    public byte[] Pepper { get; }

    public byte[] RecoveryPublicKey { get; }

    /// <summary>
    /// The Ed25519 key that signs audit entries of the instance itself (intake, jobs, CLI). It lives with the
    /// pepper, outside the database, so that editing the database alone cannot forge such entries.
    /// </summary>
    public byte[] AuditSecretKey { get; }

    public Ed25519KeyPair AuditKeys() => Ed25519KeyPair.FromSecretKey(AuditSecretKey);

    /// <summary>Draws a fresh pepper and recovery key pair. The caller shows the secret half once and forgets it.</summary>
    public static (InstanceKeys Keys, X25519KeyPair Recovery) Create()
    {
        var recovery = X25519KeyPair.Generate();
        using var audit = Ed25519KeyPair.Generate();
        return (new InstanceKeys(SodiumRandom.Bytes(32), recovery.PublicKey, audit.ExportSecretKey()), recovery);
    }

    public static bool Exists(DataDirectory data) => File.Exists(data.InstanceKeyFile);

    /// <summary>Reads the key file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid version 1 key file.</exception>
    public static InstanceKeys Load(DataDirectory data) => Parse(File.ReadAllBytes(data.InstanceKeyFile));

    /// <summary>Reads the bytes of a key file (from the data directory, or from a backup).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid version 1 key file.</exception>
    public static InstanceKeys Parse(ReadOnlySpan<byte> bytes)
    {
        KeyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<KeyFile>(bytes);
        }
        catch (JsonException)
        {
            throw new InvalidDataException("The instance key file is not JSON.");
        }

        if (file is null)
        {
            throw new InvalidDataException("The instance key file is empty.");
        }

        if (file.Version != 1 || file.Pepper is not { Length: 32 } || file.RecoveryPublicKey is not { Length: 32 } || file.AuditKey is not { Length: 64 })
        {
            throw new InvalidDataException("The instance key file is not a version 1 Haven key file.");
        }

        return new InstanceKeys(file.Pepper, file.RecoveryPublicKey, file.AuditKey);
    }

    /// <summary>Writes the key file atomically with owner-only permissions; refuses to overwrite one.</summary>
    public void Save(DataDirectory data)
    {
        data.EnsureExists();
        if (Exists(data))
        {
            throw new InvalidOperationException("An instance key file already exists in this data directory.");
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(new KeyFile { Version = 1, Pepper = Pepper, RecoveryPublicKey = RecoveryPublicKey, AuditKey = AuditSecretKey });
        var temp = data.InstanceKeyFile + ".new";
        using (var stream = OwnerOnly.Open(temp, FileMode.Create, FileAccess.Write, options: FileOptions.WriteThrough))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, data.InstanceKeyFile, overwrite: false);
    }

    private sealed class KeyFile
    {
        [JsonPropertyName("version")]
        public int Version { get; set; }

        [JsonPropertyName("pepper")]
        public byte[]? Pepper { get; set; }

        [JsonPropertyName("recovery_public_key")]
        public byte[]? RecoveryPublicKey { get; set; }

        [JsonPropertyName("audit_key")]
        public byte[]? AuditKey { get; set; }
    }
}
