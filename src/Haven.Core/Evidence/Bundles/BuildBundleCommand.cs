using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Haven.Accounts;
using Haven.Audit;
using Haven.Cases;
using Haven.Crypto;
using Haven.Evidence.Custody;
using Haven.Files;
using Haven.Instance;
using Haven.Record.Events;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Evidence.Bundles;

/// <summary>
/// Exports chosen files of cases as one signed evidence bundle (docs/evidence.md, "Signed evidence bundles"), in two
/// steps: <see cref="PrepareAsync"/> checks everything (the recipient, that the responder holds every case, that
/// each file is listed in a record they can open and its blob is in place), writes the <c>evidence.exported</c>
/// custody entries in one save, and signs the manifest with the responder's and the instance's keys; then
/// <see cref="WriteAsync"/> streams the encrypted bundle. A refusal comes before any byte is sent, and no byte is
/// sent without its audit entries.
/// </summary>
internal sealed class BuildBundleCommand(
    IDbContextFactory<HavenDbContext> dbFactory,
    AuditedWriter writer,
    InstanceState instance,
    BundleStreamWriter streams,
    IOptions<EvidenceOptions> options,
    TimeProvider clock)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2 };

    /// <summary>Checks the request, audits the export and signs the manifest; the plan, or why not.</summary>
    public async Task<BundlePreparation> PrepareAsync(BundleRequest request, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var now = clock.GetUtcNow();
        var (refusal, encryption) = BundleEncryption.For(request.Recipient, options.Value, now);
        if (refusal is { } refused)
        {
            return BundlePreparation.Refuse(refused);
        }

        var items = request.Items.Distinct().ToList();
        if (items.Count == 0)
        {
            return BundlePreparation.Refuse(BundleRefusal.NoFiles);
        }

        if (items.Count > options.Value.MaxExportFiles)
        {
            return BundlePreparation.Refuse(BundleRefusal.TooManyFiles);
        }

        if (items.Any(i => !RandomId.IsValid(i.CaseId) || !RandomId.IsValid(i.FileId)))
        {
            return BundlePreparation.Refuse(BundleRefusal.NotFound);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = new Dictionary<BundleItem, (FileAttachment File, DateOnly Received)>();
        foreach (var group in items.GroupBy(i => i.CaseId, StringComparer.Ordinal))
        {
            var files = await OpenListingsAsync(db, group.Key, [.. group.Select(i => i.FileId)], responder, cancellationToken);
            if (files is null)
            {
                return BundlePreparation.Refuse(BundleRefusal.NotFound);
            }

            foreach (var (id, listing) in files)
            {
                found[new BundleItem(group.Key, id)] = listing;
            }
        }

        // The custody entries of this export, committed before anything of it can be sent.
        await writer.SaveAsync(db, AuditActor.For(responder), items.Select(i => new AuditEvent(CustodyActions.Exported, i.CaseId, i.FileId)), cancellationToken);

        var custody = new Dictionary<BundleItem, List<ManifestCustody>>();
        foreach (var group in items.GroupBy(i => i.CaseId, StringComparer.Ordinal))
        {
            var entries = await ReadCustodyAsync(db, group.Key, [.. group.Select(i => i.FileId)], cancellationToken);
            foreach (var item in group)
            {
                custody[item] = entries.TryGetValue(item.FileId, out var list) ? list : [];
            }
        }

        var bundleId = RandomId.New();
        var width = Math.Max(2, items.Count.ToString(CultureInfo.InvariantCulture).Length);
        var planned = new List<(string Path, FileAttachment File)>();
        var manifestFiles = new List<ManifestFile>();
        for (var i = 0; i < items.Count; i++)
        {
            var (file, received) = found[items[i]];
            var folder = file.WorkingCopy is null ? "files/" : "working/";
            var path = folder + (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0') + "-" + SafeFileName.ForDownload(file.Name);
            planned.Add((path, file));
            manifestFiles.Add(new ManifestFile
            {
                Path = path,
                Id = file.Id,
                Case = items[i].CaseId,
                Name = file.Name,
                Size = file.Size,
                Sha256 = file.Sha256.ToLowerInvariant(),
                Copy = file.WorkingCopy,
                From = file.Original,
                Received = received.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Custody = custody[items[i]],
            });
        }

        var inBundle = items.Select(i => i.FileId).ToHashSet(StringComparer.Ordinal);
        using var instanceKeys = instance.Required.AuditKeys();
        var manifest = new BundleManifest
        {
            Format = BundleManifest.FormatName,
            Bundle = bundleId,
            Created = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Instance = new ManifestInstance { SigningKey = Hex.Encode(instanceKeys.PublicKey) },
            Exporter = new ManifestExporter { Id = responder.Id, Name = responder.Name, SigningKey = Hex.Encode(responder.SigningKeys.PublicKey) },
            Files = manifestFiles,
            Events = [.. request.Events.Select(e => new ManifestEvent
            {
                Id = e.Id,
                Version = e.Version,
                Coding = JsonSerializer.Deserialize<JsonElement>(RecordJson.ToUtf8(e.Coding)),
                Files = [.. e.Files.Where(inBundle.Contains).Distinct(StringComparer.Ordinal)],
            })],
        }.ToUtf8();

        var content = new BundleContent
        {
            Created = new DateTimeOffset(now.UtcDateTime.Ticks - (now.UtcDateTime.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero),
            Manifest = manifest,
            ResponderSignature = responder.SigningKeys.Sign(manifest),
            InstanceSignature = instanceKeys.Sign(manifest),
            PublicKeys = PublicKeys(Hex.Encode(instanceKeys.PublicKey), responder),
            Files = planned,
            Encryption = encryption!,
        };
        return BundlePreparation.Ready(new BundlePlan(bundleId, "haven-evidence-" + bundleId + ".gpg", planned.Sum(f => f.File.Size), planned.Count) { Content = content });
    }

    /// <summary>Streams the encrypted bundle of <paramref name="plan"/> to <paramref name="output"/>, reporting bytes of files sent.</summary>
    /// <exception cref="InvalidDataException">A file's bytes differ from its listing, or its blob is gone: the output is left cut short.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A blob does not decrypt (altered on disk).</exception>
    public Task WriteAsync(BundlePlan plan, Stream output, IProgress<long>? progress, CancellationToken cancellationToken) =>
        streams.WriteAsync(plan, output, progress, cancellationToken);

    /// <summary>
    /// The listings of <paramref name="fileIds"/> of the case, from the records that list them, opened with the
    /// responder's seals of the case key, with the day each record was written; null when the responder holds none,
    /// or any file is not of the case, not in a record they can open, or its blob is gone.
    /// </summary>
    private async Task<Dictionary<string, (FileAttachment File, DateOnly Received)>?> OpenListingsAsync(HavenDbContext db, string caseId, List<string> fileIds, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        var keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, responder.Id, responder.BoxKeys, cancellationToken);
        try
        {
            if (keys.Count == 0)
            {
                return null;
            }

            var stored = await db.Files.AsNoTracking().Where(f => f.CaseId == caseId && fileIds.Contains(f.Id)).ToListAsync(cancellationToken);
            if (stored.Count != fileIds.Count)
            {
                return null;
            }

            var recordIds = stored.Select(f => f.RecordId).Distinct().ToList();
            var records = await db.Records.AsNoTracking().Where(r => r.CaseId == caseId && recordIds.Contains(r.Id)).ToListAsync(cancellationToken);
            var opened = records.ToDictionary(r => r.Id, r => (Record: r, Content: keys.TryGetValue(r.KeyGeneration, out var key) ? CaseRecords.Open(r, r.KeyForCase, key) : null));
            var listings = new Dictionary<string, (FileAttachment, DateOnly)>(StringComparer.Ordinal);
            foreach (var file in stored)
            {
                if (!opened.TryGetValue(file.RecordId, out var record)
                    || record.Content?.Files?.FirstOrDefault(a => a.Id == file.Id) is not { } attachment
                    || !streams.BlobExists(file.Id))
                {
                    return null;
                }

                listings[file.Id] = (attachment, record.Record.CreatedOn);
            }

            return listings;
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>
    /// The custody log of each file, oldest first: the case's audit entries whose subject is the file, and the
    /// changes of who holds the case. (To become <c>CustodyLogQuery.ForFilesAsync</c> once the custody log lands.)
    /// </summary>
    private static async Task<Dictionary<string, List<ManifestCustody>>> ReadCustodyAsync(HavenDbContext db, string caseId, List<string> fileIds, CancellationToken cancellationToken)
    {
        var holderChanges = CustodyActions.HolderChanges.ToList();
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.CaseId == caseId && ((e.SubjectId != null && fileIds.Contains(e.SubjectId)) || holderChanges.Contains(e.Action)))
            .OrderBy(e => e.Seq)
            .ToListAsync(cancellationToken);
        var actorIds = entries.Select(e => e.ActorId).Distinct().ToList();
        var names = await db.Responders.AsNoTracking().Where(r => actorIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
        var byFile = fileIds.ToDictionary(id => id, _ => new List<ManifestCustody>(), StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var custody = new ManifestCustody
            {
                Seq = e.Seq,
                At = e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm'Z'", CultureInfo.InvariantCulture),
                Actor = e.ActorId,
                ActorName = names.GetValueOrDefault(e.ActorId),
                Action = e.Action,
                Subject = e.SubjectId,
                Hash = Hex.Encode(e.Hash),
            };
            if (CustodyActions.HolderChanges.Contains(e.Action))
            {
                foreach (var list in byFile.Values)
                {
                    list.Add(custody);
                }
            }
            else if (e.SubjectId is { } subject && byFile.TryGetValue(subject, out var list))
            {
                list.Add(custody);
            }
        }

        return byFile;
    }

    /// <summary><c>public-keys.json</c>: the two keys that sign the manifest, with who holds each.</summary>
    private static byte[] PublicKeys(string instanceKey, UnlockedResponder responder) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new JsonObject
            {
                ["format"] = BundleManifest.FormatName,
                ["instance"] = new JsonObject
                {
                    ["signing_key"] = instanceKey,
                    ["signature"] = BundleStreamWriter.InstanceSignatureName,
                    ["holder"] = "The Haven instance that exported the bundle: the key that signs its audit log (compare with `haven evidence key` on the server, or with the key the organisation publishes).",
                },
                ["responder"] = new JsonObject
                {
                    ["id"] = responder.Id,
                    ["name"] = responder.Name,
                    ["signing_key"] = Hex.Encode(responder.SigningKeys.PublicKey),
                    ["signature"] = BundleStreamWriter.ResponderSignatureName,
                    ["holder"] = "The responder who exported the bundle: the key that signs their entries of the audit log.",
                },
            },
            Indented);
}
