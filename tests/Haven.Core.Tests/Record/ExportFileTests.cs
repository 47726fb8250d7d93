using Haven.Crypto;
using Haven.Record.Export;

namespace Haven.Core.Tests.Record;

/// <summary>An export file is never half-written under the name asked for: a failure leaves no file at all, and an existing file is never replaced.</summary>
public sealed class ExportFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "haven-export-" + RandomId.New())).FullName;

    [Fact]
    public async Task A_write_that_fails_half_way_leaves_neither_the_file_nor_its_temporary_one()
    {
        var path = Path.Combine(_folder, "export.json");
        var seen = new List<string>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => ExportFile.WriteAsync(
            path,
            async stream =>
            {
                await stream.WriteAsync("{\"events\": ["u8.ToArray());
                await stream.FlushAsync();
                seen.AddRange(Directory.GetFiles(_folder));
                throw new InvalidOperationException("the export broke off");
            },
            CancellationToken.None));

        // While it was written, only the temporary name existed; afterwards nothing does.
        var temporary = Assert.Single(seen);
        Assert.StartsWith(".export.json.", Path.GetFileName(temporary), StringComparison.Ordinal);
        Assert.EndsWith(".partial", temporary, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_complete_write_is_renamed_owner_only_and_an_existing_file_is_refused()
    {
        var path = Path.Combine(_folder, "export.json");
        await ExportFile.WriteAsync(path, stream => stream.WriteAsync("{}"u8.ToArray()).AsTask(), CancellationToken.None);
        Assert.Equal("{}", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        await Assert.ThrowsAsync<IOException>(() => ExportFile.WriteAsync(path, stream => stream.WriteAsync("[]"u8.ToArray()).AsTask(), CancellationToken.None));
        Assert.Equal("{}", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
