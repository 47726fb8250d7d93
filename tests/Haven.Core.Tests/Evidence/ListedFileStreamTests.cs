using System.Security.Cryptography;
using Haven.Evidence.Bundles;

namespace Haven.Core.Tests.Evidence;

/// <summary>
/// A bundle's file is read through <see cref="ListedFileStream"/>: exactly the listed bytes pass, and a file whose
/// bytes differ from its listed SHA-256, or that is shorter or longer than its listed size, throws on the read
/// that would give its last bytes, so that a bundle never holds it whole.
/// </summary>
public sealed class ListedFileStreamTests
{
    private static readonly byte[] Bytes = RandomNumberGenerator.GetBytes(200_000);
    private static readonly string Sha256 = Convert.ToHexStringLower(SHA256.HashData(Bytes));

    [Fact]
    public async Task The_listed_bytes_pass_whole_and_report_progress()
    {
        var reported = new List<long>();
        await using var stream = new ListedFileStream(new MemoryStream(Bytes), "f", Bytes.Length, Sha256, 1000, new SyncProgress(reported));
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(Bytes, copy.ToArray());
        Assert.Equal(1000 + Bytes.Length, reported[^1]);
        Assert.Equal(Bytes.Length, stream.Length);
    }

    [Fact]
    public async Task Other_bytes_a_short_file_and_a_long_file_throw_before_the_last_bytes_are_given()
    {
        var changed = (byte[])Bytes.Clone();
        changed[^1] ^= 1;
        await AssertStopsAsync(changed, Bytes.Length, "does not match its listed SHA-256");
        await AssertStopsAsync(Bytes[..^10], Bytes.Length, "shorter than its listed size");
        await AssertStopsAsync([.. Bytes, 0], Bytes.Length, "longer than its listed size");

        // The same when read synchronously.
        using var sync = new ListedFileStream(new MemoryStream(changed), "f", Bytes.Length, Sha256, 0, null);
        Assert.Throws<InvalidDataException>(() => sync.CopyTo(Stream.Null));
    }

    private static async Task AssertStopsAsync(byte[] content, long listedSize, string reason)
    {
        await using var stream = new ListedFileStream(new MemoryStream(content), "f", listedSize, Sha256, 0, null);
        using var copy = new MemoryStream();
        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => stream.CopyToAsync(copy, 4096));
        Assert.Contains(reason, thrown.Message, StringComparison.Ordinal);
        Assert.True(copy.Length < listedSize, $"{copy.Length} bytes of {listedSize} were given before it stopped");
    }

    private sealed class SyncProgress(List<long> into) : IProgress<long>
    {
        public void Report(long value) => into.Add(value);
    }
}
