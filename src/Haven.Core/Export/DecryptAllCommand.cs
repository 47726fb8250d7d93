using System.Text.Json;
using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Export;

/// <summary>
/// Offline decryption with the recovery secret: writes every case's conversation as plaintext JSON, one file
/// per case, into a folder the operator chose (created owner-only).
/// </summary>
internal sealed class DecryptAllCommand(DataDirectory data)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <returns>How many cases and records were written, and how many records failed to open.</returns>
    public async Task<(int Cases, int Records, int Failures)> ExecuteAsync(X25519KeyPair recovery, string outputFolder, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(outputFolder);
        }
        else
        {
            Directory.CreateDirectory(outputFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await using var db = StorageServiceCollectionExtensions.CreateContext(data);
        var cases = await db.Cases.AsNoTracking().OrderBy(c => c.CreatedOn).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        int records = 0, failures = 0;
        foreach (var @case in cases)
        {
            var caseKeys = await CaseRecords.OpenCaseKeysAsync(db, @case.Id, null, recovery, cancellationToken);
            var rows = await db.Records.AsNoTracking().Where(r => r.CaseId == @case.Id).OrderBy(r => r.Seq).ToListAsync(cancellationToken);
            var entries = new List<object>();
            foreach (var row in rows)
            {
                var content = caseKeys.TryGetValue(row.KeyGeneration, out var key) ? CaseRecords.Open(row, row.KeyForCase, key) : null;
                if (content is null)
                {
                    failures++;
                }

                records++;
                entries.Add(new { id = row.Id, kind = row.Kind, on = row.CreatedOn, content });
            }

            foreach (var key in caseKeys.Values)
            {
                key.Dispose();
            }

            var document = new { id = @case.Id, state = @case.State.ToString(), urgency = @case.Urgency.ToString(), created_on = @case.CreatedOn, records = entries };
            var path = Path.Combine(outputFolder, $"case-{@case.Id}.json");
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using var file = new FileStream(path, options);
            await JsonSerializer.SerializeAsync(file, document, Json, cancellationToken);
        }

        return (cases.Count, records, failures);
    }
}
