using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Haven.Cases;
using Haven.Crypto;
using Haven.Files;
using Haven.Progress;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Export;

/// <summary>
/// Offline decryption with the recovery secret: writes every case's conversation as plaintext JSON, one file
/// per case, into a folder the operator chose (created owner-only), and every file a record lists into
/// <c>&lt;out&gt;/&lt;case id&gt;/files/</c>. Files are decrypted as they stream, so their size does not matter;
/// each one's SHA-256 is checked against its record while it is written, so the operator can tell evidence
/// that arrived intact from evidence that did not.
/// </summary>
/// <param name="data">The data directory.</param>
/// <param name="blobs">Where the blobs are (<c>Haven:Blobs</c>); null for <c>&lt;data&gt;/blobs</c>.</param>
internal sealed class DecryptAllCommand(DataDirectory data, BlobOptions? blobs = null)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Gets the progress: items are the cases, bytes those of the files decrypted (of all files listed). Counts only.</summary>
    public IProgress<WorkProgress>? Progress { get; init; }

    /// <summary>
    /// Decrypts every case into <paramref name="outputFolder"/> with the <paramref name="recovery"/> key pair. A record
    /// or file that does not decrypt is named on <paramref name="errors"/> (never its content) and the rest is still
    /// written.
    /// </summary>
    /// <param name="recovery">The instance's recovery key pair.</param>
    /// <param name="outputFolder">Where to write; created with mode 0700.</param>
    /// <param name="errors">Gets one line per failure. Lines name ids only, never anything a person wrote.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    public async Task<DecryptAllResult> ExecuteAsync(X25519KeyPair recovery, string outputFolder, TextWriter errors, CancellationToken cancellationToken)
    {
        OwnerOnly.CreateFolder(outputFolder);
        var store = new BlobStore(data, blobs);
        await using var db = StorageServiceCollectionExtensions.CreateContext(data);
        var cases = await db.Cases.AsNoTracking().OrderBy(c => c.CreatedOn).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var tally = new ProgressTally(Progress);
        tally.Start(cases.Count, await db.Files.SumAsync(f => f.Length, cancellationToken));
        int records = 0, files = 0, failures = 0;
        foreach (var @case in cases)
        {
            var caseKeys = await CaseRecords.OpenCaseKeysAsync(db, @case.Id, null, recovery, cancellationToken);
            var rows = await db.Records.AsNoTracking().Where(r => r.CaseId == @case.Id).OrderBy(r => r.Seq).ToListAsync(cancellationToken);
            var entries = new List<object>();
            foreach (var row in rows)
            {
                records++;
                var content = caseKeys.TryGetValue(row.KeyGeneration, out var key) ? CaseRecords.Open(row, row.KeyForCase, key) : null;
                if (content is null)
                {
                    failures++;
                    await errors.WriteLineAsync($"haven: case {@case.Id}, record {row.Id} ({row.Kind}): does not decrypt.");
                    entries.Add(new { id = row.Id, kind = row.Kind, on = row.CreatedOn, content });
                    continue;
                }

                // The file keys stay out of the export: the files themselves are written beside it.
                var attachments = content.Files ?? [];
                content.Files = null;
                var exported = new List<ExportedFile>();
                foreach (var attachment in attachments)
                {
                    var file = await ExportFileAsync(store, attachment, outputFolder, @case.Id, tally, cancellationToken);
                    exported.Add(file);
                    if (file.Problem is null)
                    {
                        files++;
                    }
                    else
                    {
                        failures++;
                        await errors.WriteLineAsync($"haven: case {@case.Id}, record {row.Id}, file {attachment.Id}: {file.Problem}");
                    }
                }

                entries.Add(exported.Count == 0
                    ? new { id = row.Id, kind = row.Kind, on = row.CreatedOn, content }
                    : new { id = row.Id, kind = row.Kind, on = row.CreatedOn, content, files = exported });
            }

            foreach (var key in caseKeys.Values)
            {
                key.Dispose();
            }

            var document = new { id = @case.Id, state = @case.State.ToString(), urgency = @case.Urgency.ToString(), created_on = @case.CreatedOn, records = entries };
            await using var output = OwnerOnly.Open(Path.Combine(outputFolder, $"case-{@case.Id}.json"), FileMode.Create, FileAccess.Write);
            await JsonSerializer.SerializeAsync(output, document, Json, cancellationToken);
            tally.Items();
        }

        return new DecryptAllResult(cases.Count, records, files, failures);
    }

    /// <summary>
    /// Decrypts one blob into <c>&lt;out&gt;/&lt;case&gt;/files/&lt;id&gt;-&lt;safe name&gt;</c>, hashing on the way.
    /// A blob that is missing or does not decrypt leaves no file; one whose size or hash differs from the
    /// record is kept (it decrypted, so it is what was stored) and reported.
    /// </summary>
    private static async Task<ExportedFile> ExportFileAsync(BlobStore blobs, FileAttachment attachment, string outputFolder, string caseId, ProgressTally tally, CancellationToken cancellationToken)
    {
        var relative = Path.Combine(caseId, "files", $"{attachment.Id}-{SafeFileName.ForDownload(attachment.Name)}");
        ExportedFile Result(string? path, string? problem, string? sha256 = null) => new()
        {
            Id = attachment.Id,
            Name = attachment.Name,
            Type = attachment.Type,
            Size = attachment.Size,
            Sha256 = attachment.Sha256,
            Original = attachment.Original,
            Path = path,
            Sha256Verified = problem is null,
            Sha256Found = sha256 is not null && problem is not null ? sha256 : null,
            Problem = problem,
        };

        if (!RandomId.IsValid(attachment.Id))
        {
            return Result(null, "the record names an invalid file id.");
        }

        var blob = blobs.OpenRead(attachment.Id);
        if (blob is null)
        {
            return Result(null, "its blob is missing from the blobs folder.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(attachment.Key);
        }
        catch (FormatException)
        {
            await blob.DisposeAsync();
            return Result(null, "the record holds an invalid file key.");
        }

        var target = Path.Combine(outputFolder, relative);
        // One level at a time: a mode given to CreateDirectory applies to the last folder only, and the case's
        // folder would get the umask's 0755.
        OwnerOnly.CreateFolder(Path.Combine(outputFolder, caseId));
        OwnerOnly.CreateFolder(Path.GetDirectoryName(target)!);
        long length = 0;
        string sha256;
        var info = new FileInfo(Path.Combine(blobs.Folder, attachment.Id));
        var blobLength = info.Exists ? info.Length : 0;
        try
        {
            await using var plaintext = new FileDecryptingStream(blob, key, attachment.Id);
            await using var output = OwnerOnly.Open(target, FileMode.Create, FileAccess.Write);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[FileCipher.ChunkLength];
            try
            {
                int read;
                while ((read = await plaintext.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    length += read;
                    tally.Bytes(read);
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(buffer);
            }

            sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        catch (Exception error) when (error is CryptographicException or ArgumentException)
        {
            await blob.DisposeAsync();
            File.Delete(target);
            return Result(null, "its blob does not decrypt (wrong key, altered or cut short); nothing was written.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);

            // The progress counts the blobs' bytes (the total is theirs): the rest of this one, its headers and tags.
            tally.Bytes(Math.Max(0, blobLength - length));
        }

        var portable = relative.Replace(Path.DirectorySeparatorChar, '/');
        if (length != attachment.Size || !string.Equals(sha256, attachment.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return Result(portable, $"its size or SHA-256 differs from its record ({length} bytes, SHA-256 {sha256}); the file is written, marked sha256_verified false.", sha256);
        }

        return Result(portable, null);
    }

    /// <summary>
    /// A file as the export lists it: what its record says (<see cref="FileListing"/>, the record's own shape
    /// without the key), where it was written, whether it checked out.
    /// </summary>
    private sealed class ExportedFile : FileListing
    {
        /// <summary>Relative to the output folder, with forward slashes; null when nothing was written.</summary>
        [JsonPropertyName("path")]
        [JsonPropertyOrder(1)]
        public string? Path { get; init; }

        [JsonPropertyName("sha256_verified")]
        [JsonPropertyOrder(2)]
        public bool Sha256Verified { get; init; }

        [JsonPropertyName("sha256_found")]
        [JsonPropertyOrder(3)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Sha256Found { get; init; }

        [JsonIgnore]
        public string? Problem { get; init; }
    }
}
