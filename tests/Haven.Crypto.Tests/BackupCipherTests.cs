using System.Security.Cryptography;

namespace Haven.Crypto.Tests;

public class BackupCipherTests
{
    private const string FileId = "00112233445566778899aabbccddeeff";

    private static readonly byte[] Key = TestData.Range(32, 32);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(FileCipher.ChunkLength)]
    [InlineData((2 * FileCipher.ChunkLength) + 333)]
    public async Task A_payload_round_trips_with_the_file_layout(int size)
    {
        var plain = SodiumRandom.Bytes(size);
        var stream = await EncryptAsync(plain, Key);

        Assert.Equal(FileCipher.CiphertextLength(size), stream.Length);
        Assert.Equal(plain, await DecryptAsync(stream, Key));
    }

    [Fact]
    public async Task A_backup_stream_and_a_file_blob_never_open_as_each_other()
    {
        var plain = SodiumRandom.Bytes(1000);
        var backup = await EncryptAsync(plain, Key);
        using (var output = new MemoryStream())
        using (var file = new FileEncryptor(output, Key, FileId))
        {
            await file.WriteAsync(plain, CancellationToken.None);
            await file.CompleteAsync(CancellationToken.None);
            await Assert.ThrowsAsync<CryptographicException>(() => DecryptAsync(output.ToArray(), Key));
        }

        await using var asFile = new FileDecryptingStream(new MemoryStream(backup), Key, FileId);
        await Assert.ThrowsAsync<CryptographicException>(() => asFile.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task A_cut_altered_or_extended_payload_or_a_wrong_key_is_rejected()
    {
        var stream = await EncryptAsync(SodiumRandom.Bytes((2 * FileCipher.ChunkLength) + 10), Key);
        foreach (var length in new[] { 0, FileCipher.HeaderLength, FileCipher.HeaderLength + FileCipher.CipherChunkLength, stream.Length - 1 })
        {
            await Assert.ThrowsAsync<CryptographicException>(() => DecryptAsync(stream[..length], Key));
        }

        foreach (var at in new[] { 0, FileCipher.HeaderLength + 1, stream.Length - 1 })
        {
            var altered = (byte[])stream.Clone();
            altered[at] ^= 0x40;
            await Assert.ThrowsAsync<CryptographicException>(() => DecryptAsync(altered, Key));
        }

        await Assert.ThrowsAsync<CryptographicException>(() => DecryptAsync([.. stream, 0], Key));
        await Assert.ThrowsAsync<CryptographicException>(() => DecryptAsync(stream, TestData.Range(0, 32)));
        Assert.Throws<ArgumentException>(() => BackupCipher.Encrypt(Stream.Null, new byte[31]));
        Assert.Equal(BackupCipher.KeyLength, BackupCipher.NewKey().Length);
    }

    private static async Task<byte[]> EncryptAsync(byte[] plain, byte[] key)
    {
        using var output = new MemoryStream();
        using var encryptor = BackupCipher.Encrypt(output, key);
        for (var at = 0; at < plain.Length; at += 5000)
        {
            await encryptor.WriteAsync(plain.AsMemory(at, Math.Min(5000, plain.Length - at)), CancellationToken.None);
        }

        await encryptor.CompleteAsync(CancellationToken.None);
        return output.ToArray();
    }

    private static async Task<byte[]> DecryptAsync(byte[] stream, byte[] key)
    {
        await using var plain = BackupCipher.Decrypt(new MemoryStream(stream), key);
        using var output = new MemoryStream();
        await plain.CopyToAsync(output);
        return output.ToArray();
    }
}
