using System.Security.Cryptography;
using Haven.Crypto;
using Haven.Files;

namespace Haven.Core.Tests.Files;

/// <summary>The blob writer and reader on real files: every byte in its place whatever the sizes, and failures reported.</summary>
public sealed class BlobStreamTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("haven-blobs-").FullName;

    public static TheoryData<int> Lengths => new()
    {
        0,
        1,
        PageCacheHints.DirectAlignment - 1,
        BlobWriter.SegmentLength - 1,
        BlobWriter.SegmentLength,
        BlobWriter.SegmentLength + 1,
        (3 * BlobWriter.SegmentLength) + 4097,
    };

    [Theory]
    [MemberData(nameof(Lengths))]
    public async Task What_is_written_in_pieces_of_any_size_is_on_disk_and_reads_back(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        var path = Path.Combine(_folder, "blob");
        await using (var writer = new BlobWriter(NewFile(path)))
        {
            var at = 0;
            foreach (var piece in Pieces())
            {
                if (at >= length)
                {
                    break;
                }

                var take = Math.Min(piece, length - at);
                await writer.WriteAsync(bytes.AsMemory(at, take));
                at += take;
                Assert.Equal(at, writer.Length);
            }

            await writer.SyncToDiskAsync(CancellationToken.None);
        }

        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));

        foreach (var direct in new[] { true, false })
        {
            using var reader = new BlobReader(new FileStream(path, FileMode.Open, FileAccess.Read), direct);
            Assert.Equal(length, reader.Length);
            Assert.Equal(bytes, await ReadAllAsync(reader, asynchronously: direct));
            Assert.Equal(length, reader.Position);
        }
    }

    [Fact]
    public async Task A_file_system_with_direct_io_is_read_past_the_page_cache()
    {
        // Haven's blobs live in the data directory on a disk; where the temporary folder is on such a file system
        // (ext4, xfs, btrfs, or tmpfs on recent kernels), the reader must use direct I/O and still read right.
        var path = Path.Combine(_folder, "blob");
        var bytes = RandomNumberGenerator.GetBytes((2 * BlobReader.SegmentLength) + 5);
        await File.WriteAllBytesAsync(path, bytes);
        using var probe = new FileStream(path, FileMode.Open, FileAccess.Read);
        var supported = PageCacheHints.SetDirect(probe.SafeFileHandle, true);
        if (OperatingSystem.IsLinux() && new DriveInfo(_folder).DriveFormat is "ext4" or "xfs" or "btrfs")
        {
            Assert.True(supported);
        }
        else if (!OperatingSystem.IsLinux())
        {
            Assert.False(supported);
        }

        using var reader = new BlobReader(new FileStream(path, FileMode.Open, FileAccess.Read));
        Assert.Equal(supported, reader.IsDirect);
        Assert.Equal(bytes, await ReadAllAsync(reader, asynchronously: true));
    }

    [Fact]
    public async Task A_failed_write_is_reported_to_the_writer_and_disposal_still_succeeds()
    {
        var path = Path.Combine(_folder, "read-only");
        await File.WriteAllBytesAsync(path, []);

        // A handle that cannot write: the background write of the first full segment fails.
        var writer = new BlobWriter(new FileStream(path, FileMode.Open, FileAccess.Read));
        await writer.WriteAsync(new byte[BlobWriter.SegmentLength]);
        var failure = await Xunit.Record.ExceptionAsync(() => writer.SyncToDiskAsync(CancellationToken.None));
        Assert.True(failure is IOException or UnauthorizedAccessException or NotSupportedException, failure?.ToString());
        await writer.DisposeAsync();
        await writer.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await writer.WriteAsync(new byte[1]));
    }

    [Fact]
    public async Task A_blob_written_and_read_through_the_streams_decrypts()
    {
        var plain = RandomNumberGenerator.GetBytes((2 * BlobWriter.SegmentLength) + 12345);
        var key = FileCipher.NewKey();
        var id = RandomId.New();
        var path = Path.Combine(_folder, id);
        await using (var writer = new BlobWriter(NewFile(path)))
        {
            using var encryptor = new FileEncryptor(writer, key, id);
            await encryptor.WriteAsync(plain, CancellationToken.None);
            await encryptor.CompleteAsync(CancellationToken.None);
            await writer.SyncToDiskAsync(CancellationToken.None);
        }

        Assert.Equal(FileCipher.CiphertextLength(plain.Length), new FileInfo(path).Length);
        await using var decrypted = new FileDecryptingStream(new BlobReader(new FileStream(path, FileMode.Open, FileAccess.Read)), key, id);
        Assert.Equal(plain, await ReadAllAsync(decrypted, asynchronously: true));
    }

    [Fact]
    public async Task The_page_cache_hints_keep_the_file_as_it_is()
    {
        var path = Path.Combine(_folder, "hinted");
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        await using (var file = NewFile(path))
        {
            await file.WriteAsync(bytes);
            var handle = file.SafeFileHandle;
            var linux = OperatingSystem.IsLinux();
            Assert.Equal(linux, PageCacheHints.StartWriteBack(handle, 0, bytes.Length));
            Assert.Equal(linux, PageCacheHints.WriteBackAndForget(handle, 0, 1024 * 1024));
            Assert.Equal(linux, PageCacheHints.Forget(handle, 0, 1024 * 1024));
            Assert.Equal(linux, PageCacheHints.DataSync(handle));
            Assert.False(PageCacheHints.StartWriteBack(handle, 0, 0));
        }

        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static FileStream NewFile(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0 });

    /// <summary>Write and read sizes that straddle segment and alignment boundaries.</summary>
    private static IEnumerable<int> Pieces()
    {
        int[] sizes = [1, 24, FileCipher.CipherChunkLength, 4096, 777_777, BlobWriter.SegmentLength, (2 * BlobWriter.SegmentLength) + 3];
        for (var i = 0; ; i++)
        {
            yield return sizes[i % sizes.Length];
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, bool asynchronously)
    {
        using var all = new MemoryStream();
        var buffer = new byte[3 * BlobReader.SegmentLength];
        using var sizes = Pieces().GetEnumerator();
        while (sizes.MoveNext())
        {
            var want = Math.Min(sizes.Current, buffer.Length);
            var read = asynchronously ? await stream.ReadAsync(buffer.AsMemory(0, want)) : stream.Read(buffer, 0, want);
            if (read == 0)
            {
                return all.ToArray();
            }

            all.Write(buffer, 0, read);
        }

        throw new InvalidOperationException("unreachable");
    }
}
