using System.Security.Cryptography;

namespace Haven.Crypto.Tests;

public class FileCipherTests
{
    private const string FileId = "00112233445566778899aabbccddeeff";

    // Produced with Debian's PyNaCl (/usr/bin/python3), key = bytes(range(32, 64)):
    // st = crypto_secretstream_xchacha20poly1305_state(); hdr = ..._init_push(st, key)
    // hdr + ..._push(st, b"hello, file", b"haven/v1/file:00112233445566778899aabbccddeeff", TAG_FINAL)
    private const string PyNaClBlob =
        "c1de7d7a85f19d4300dcdc4de0c74c0636f020fbe8f94d6d0807f008a0789b09417b0881162fa4f8b5c414773417192748d7e684";

    private static readonly byte[] Key = TestData.Range(32, 32);

    public static TheoryData<int> Sizes => new() { 0, 1, 1000, FileCipher.ChunkLength - 1, FileCipher.ChunkLength, FileCipher.ChunkLength + 1, (3 * FileCipher.ChunkLength) + 17 };

    [Fact]
    public async Task A_blob_written_by_PyNaCl_decrypts()
    {
        using var stream = new FileDecryptingStream(new MemoryStream(Hex.Decode(PyNaClBlob)), Key, FileId);
        using var reader = new StreamReader(stream);
        Assert.Equal("hello, file", await reader.ReadToEndAsync());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Round_trip_of_every_size_with_its_length_and_hash(int size)
    {
        var plain = SodiumRandom.Bytes(size);
        var (blob, digest) = await EncryptAsync(plain, writes: 7919);

        Assert.Equal(FileCipher.CiphertextLength(size), blob.Length);
        Assert.Equal(size, digest.Length);
        Assert.Equal(SHA256.HashData(plain), digest.Sha256);
        Assert.Equal(plain, await DecryptAsync(blob, Key, FileId));
        Assert.Equal(plain, DecryptSync(blob));
    }

    [Fact]
    public async Task Any_altered_byte_is_rejected()
    {
        var (blob, _) = await EncryptAsync(SodiumRandom.Bytes((2 * FileCipher.ChunkLength) + 10), writes: 4096);
        foreach (var at in new[] { 0, FileCipher.HeaderLength + 5, FileCipher.HeaderLength + FileCipher.CipherChunkLength + 3, blob.Length - 1 })
        {
            var altered = (byte[])blob.Clone();
            altered[at] ^= 0x01;
            await Assert.ThrowsAsync<CryptographicException>(() => DecryptAsync(altered, Key, FileId));
        }
    }

    [Fact]
    public async Task A_blob_cut_short_never_decrypts_as_a_shorter_file()
    {
        var (blob, _) = await EncryptAsync(SodiumRandom.Bytes((2 * FileCipher.ChunkLength) + 10), writes: 65536);
        foreach (var length in new[] { 0, 10, FileCipher.HeaderLength, FileCipher.HeaderLength + FileCipher.CipherChunkLength, FileCipher.HeaderLength + (2 * FileCipher.CipherChunkLength), blob.Length - 1 })
        {
            await Assert.ThrowsAsync<CryptographicException>(() => DecryptAsync(blob[..length], Key, FileId));
        }
    }

    [Fact]
    public async Task Data_after_the_final_chunk_is_rejected()
    {
        var (blob, _) = await EncryptAsync(SodiumRandom.Bytes(100), writes: 100);
        await Assert.ThrowsAsync<CryptographicException>(() => DecryptAsync([.. blob, 0], Key, FileId));
    }

    [Fact]
    public async Task Chunks_cannot_be_reordered()
    {
        var (blob, _) = await EncryptAsync(SodiumRandom.Bytes((2 * FileCipher.ChunkLength) + 10), writes: 65536);
        var swapped = (byte[])blob.Clone();
        blob.AsSpan(FileCipher.HeaderLength, FileCipher.CipherChunkLength).CopyTo(swapped.AsSpan(FileCipher.HeaderLength + FileCipher.CipherChunkLength));
        blob.AsSpan(FileCipher.HeaderLength + FileCipher.CipherChunkLength, FileCipher.CipherChunkLength).CopyTo(swapped.AsSpan(FileCipher.HeaderLength));
        await Assert.ThrowsAsync<CryptographicException>(() => DecryptAsync(swapped, Key, FileId));
    }

    [Fact]
    public async Task Wrong_key_or_wrong_file_id_is_rejected()
    {
        var (blob, _) = await EncryptAsync(SodiumRandom.Bytes(100), writes: 100);
        await Assert.ThrowsAsync<CryptographicException>(() => DecryptAsync(blob, TestData.Range(0, 32), FileId));
        await Assert.ThrowsAsync<CryptographicException>(() => DecryptAsync(blob, Key, "ffffffffffffffffffffffffffffffff"));
    }

    [Fact]
    public void Keys_and_ids_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new FileEncryptor(Stream.Null, new byte[31], FileId));
        Assert.Throws<ArgumentException>(() => new FileEncryptor(Stream.Null, Key, "not an id"));
        Assert.Equal(FileCipher.KeyLength, FileCipher.NewKey().Length);
        Assert.NotEqual(FileCipher.NewKey(), FileCipher.NewKey());
    }

    [Fact]
    public async Task Two_encryptions_of_the_same_file_differ()
    {
        var plain = SodiumRandom.Bytes(1000);
        var (a, _) = await EncryptAsync(plain, writes: 1000);
        var (b, _) = await EncryptAsync(plain, writes: 1000);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task Reads_of_mixed_sizes_give_the_file_in_order()
    {
        // Reads of a whole chunk or more are decrypted straight into the caller's buffer, smaller ones through the
        // stream's own: mixing them, even in the middle of a chunk, must give back exactly the file.
        var plain = SodiumRandom.Bytes((5 * FileCipher.ChunkLength) + 333);
        var (blob, _) = await EncryptAsync(plain, writes: 50000);
        await using var stream = new FileDecryptingStream(new MemoryStream(blob), Key, FileId);
        var back = new MemoryStream();
        var sizes = new[] { 100, FileCipher.ChunkLength, 7, FileCipher.ChunkLength * 2, FileCipher.ChunkLength - 1, 1 };
        var buffer = new byte[FileCipher.ChunkLength * 2];
        for (var i = 0; ; i++)
        {
            var read = i % 2 == 0
                ? await stream.ReadAsync(buffer.AsMemory(0, sizes[i % sizes.Length]))
                : stream.Read(buffer, 0, sizes[i % sizes.Length]);
            if (read == 0)
            {
                break;
            }

            back.Write(buffer, 0, read);
        }

        Assert.Equal(plain, back.ToArray());
        Assert.Equal(plain.Length, stream.Position);
    }

    [Fact]
    public async Task An_altered_chunk_writes_nothing_into_the_callers_buffer()
    {
        var plain = SodiumRandom.Bytes((2 * FileCipher.ChunkLength) + 10);
        var (blob, _) = await EncryptAsync(plain, writes: 65536);
        blob[FileCipher.HeaderLength + FileCipher.CipherChunkLength + 100] ^= 0x01;
        await using var stream = new FileDecryptingStream(new MemoryStream(blob), Key, FileId);
        var buffer = new byte[FileCipher.ChunkLength];

        Assert.Equal(FileCipher.ChunkLength, await stream.ReadAsync(buffer));
        Assert.Equal(plain[..FileCipher.ChunkLength], buffer);

        Array.Fill(buffer, (byte)0xAA);
        await Assert.ThrowsAsync<CryptographicException>(async () => await stream.ReadExactlyAsync(buffer));
        Assert.All(buffer, b => Assert.Equal(0xAA, b));
    }

    [Fact]
    public async Task A_completed_encryptor_takes_nothing_more()
    {
        using var encryptor = new FileEncryptor(new MemoryStream(), Key, FileId);
        await encryptor.CompleteAsync(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await encryptor.WriteAsync(new byte[1], CancellationToken.None));
    }

    private static async Task<(byte[] Blob, FileDigest Digest)> EncryptAsync(byte[] plain, int writes)
    {
        using var output = new MemoryStream();
        using var encryptor = new FileEncryptor(output, Key, FileId);
        for (var at = 0; at < plain.Length; at += writes)
        {
            await encryptor.WriteAsync(plain.AsMemory(at, Math.Min(writes, plain.Length - at)), CancellationToken.None);
        }

        var digest = await encryptor.CompleteAsync(CancellationToken.None);
        return (output.ToArray(), digest);
    }

    private static async Task<byte[]> DecryptAsync(byte[] blob, byte[] key, string fileId)
    {
        await using var stream = new FileDecryptingStream(new MemoryStream(blob), key, fileId);
        using var plain = new MemoryStream();
        await stream.CopyToAsync(plain);
        return plain.ToArray();
    }

    private static byte[] DecryptSync(byte[] blob)
    {
        using var stream = new FileDecryptingStream(new MemoryStream(blob), Key, FileId);
        using var plain = new MemoryStream();
        stream.CopyTo(plain, 1000);
        return plain.ToArray();
    }
}
