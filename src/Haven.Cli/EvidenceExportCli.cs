using System.CommandLine;
using System.Security.Cryptography;
using Haven.Abuse;
using Haven.Accounts;
using Haven.Audit;
using Haven.Evidence;
using Haven.Evidence.Bundles;
using Haven.Files;
using Haven.Instance;
using Haven.Progress;
using Haven.Record.Export;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Cli;

/// <summary>
/// <c>haven evidence export</c>: the desk's signed evidence bundle of a case (docs/evidence.md, "Exporting from the
/// command line"), built by the same <see cref="BuildBundleCommand"/> for a responder who logs in with their passphrase
/// and TOTP code on standard input, through the desk's own login (<see cref="LoginCommand"/>: Argon2id, throttles,
/// audited). The bundle is written under a temporary name beside <c>--out</c> and renamed when complete
/// (<see cref="ExportFile"/>); its <c>evidence.exported</c> custody entries are committed before its first byte, as on
/// the desk.
/// </summary>
internal static class EvidenceExportCli
{
    public static Command Create(DataOption data, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var responderName = new Option<string>("--responder") { HelpName = "NAME", Description = "The exporting responder's name, as typed at login. Their passphrase is the first line of standard input, a current TOTP code the second.", Required = true };
        var caseId = new Option<string>("--case") { HelpName = "CASEID", Description = "The case whose files go into the bundle (the responder must hold it).", Required = true };
        var files = new Option<string[]>("--file") { HelpName = "FILEID", Description = "A file as received (evidentiary copy) of the case to export; repeat for several. Without it, every file as received that the desk lists for this responder.", AllowMultipleArgumentsPerToken = false };
        var workingCopies = new Option<bool>("--working-copies") { Description = "Also the cleaned and redacted copies made from the chosen files, as the desk's \"Also include the working copies\"." };
        var recipientKey = new Option<FileInfo?>("--recipient-key") { HelpName = "FILE.asc", Description = "The recipient's OpenPGP public key, armored (gpg --armor --export): the bundle is encrypted to it." };
        var passphraseFile = new Option<FileInfo?>("--passphrase-file") { HelpName = "FILE", Description = "For a recipient without a key: a file whose first line is the passphrase the bundle is encrypted to (what `haven evidence verify --passphrase-file` reads)." };
        var output = new Option<FileInfo>("--out") { HelpName = "FILE", Description = "The bundle to write (must not exist; written under a temporary name, mode 0600, and renamed when complete).", Required = true };
        var quiet = ProgressDisplay.QuietOption();
        var command = new Command(
            "export",
            "Export files of a case as a signed evidence bundle, exactly as the desk's \"Export evidence\" does: signed by the responder and the instance, "
            + "encrypted to a public key or a passphrase, one evidence.exported custody entry per file written before the bundle. Without --file, every file "
            + "as received of the case (and with --working-copies their working copies). Stop the server first: it holds the data directory's lock.")
        { data.Option, responderName, caseId, files, workingCopies, recipientKey, passphraseFile, output, quiet };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = data.Resolve(result);
            if (!InstanceKeys.Exists(dir) || !dir.HoldsDatabase)
            {
                throw new CliException($"{dir.Path} holds no Haven instance; run `haven init` first.");
            }

            var keyFile = result.GetValue(recipientKey);
            var passphrase = result.GetValue(passphraseFile);
            if ((keyFile is null) == (passphrase is null))
            {
                throw new CliException("say whom the bundle is for: --recipient-key FILE or --passphrase-file FILE (exactly one). Nothing was exported.");
            }

            var target = ExportTarget.RequireNew(result.GetRequiredValue(output));

            var recipient = keyFile is not null ? BundleRecipient.Key(await RecipientKeyAsync(keyFile, cancellationToken)) : BundleRecipient.WithPassphrase(await EvidenceCli.FirstLineAsync(passphrase!, cancellationToken));
            var secret = (await stdin.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n') ?? "";
            var code = (await stdin.ReadLineAsync(cancellationToken))?.Trim() ?? "";

            using var held = DataOption.Lock(dir);
            await using var provider = await ServicesAsync(dir, data.Clock, cancellationToken);
            var name = result.GetRequiredValue(responderName);
            using var responder = await LoginAsync(provider.GetRequiredService<LoginCommand>(), name, secret, code, cancellationToken);
            try
            {
                var options = provider.GetRequiredService<IOptions<EvidenceOptions>>().Value;
                var request = await RequestAsync(provider.GetRequiredService<EvidenceEventsQuery>(), responder, result.GetRequiredValue(caseId), result.GetValue(files) ?? [], result.GetValue(workingCopies), recipient, cancellationToken);
                var builder = provider.GetRequiredService<BuildBundleCommand>();
                var prepared = await builder.PrepareAsync(request, responder, cancellationToken);
                if (prepared.Refusal is { } refusal)
                {
                    throw new CliException(Refused(refusal, options, keyFile, passphrase) + " Nothing was exported.");
                }

                var plan = prepared.Plan!;
                await WriteAsync(builder, plan, target.FullName, stderr, result.GetValue(quiet), cancellationToken);
                await stdout.WriteLineAsync($"Bundle {plan.BundleId}: {plan.FileCount} files ({ProgressText.Size(plan.PlaintextBytes)}) exported by {responder.Name}, written to {target.FullName}.");
                return 0;
            }
            finally
            {
                // As a desk session ends: the keys are wiped (by the using) once the logout is in the audit log.
                await using var db = await provider.GetRequiredService<IDbContextFactory<HavenDbContext>>().CreateDbContextAsync(CancellationToken.None);
                await provider.GetRequiredService<AuditedWriter>().SaveAsync(db, AuditActor.For(responder), new AuditEvent("responder.logout"), CancellationToken.None);
            }
        });
        return command;
    }

    /// <summary>The web host's services (the desk's login, the bundle's builder, the blobs where <c>Haven:Blobs:Path</c> says), with the settings they read checked.</summary>
    private static Task<ServiceProvider> ServicesAsync(DataDirectory dir, TimeProvider clock, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection().AddSingleton(clock).AddHavenCore(dir, DataOption.Configuration());
        return CliServices.BuildAsync(
            services,
            provider =>
            {
                _ = provider.GetRequiredService<IOptions<EvidenceOptions>>().Value;
                _ = provider.GetRequiredService<IOptions<BlobOptions>>().Value;
                _ = provider.GetRequiredService<IOptions<Argon2Options>>().Value;
                _ = provider.GetRequiredService<IOptions<LoginThrottleOptions>>().Value;
            },
            cancellationToken);
    }

    /// <summary>The desk's login: the responder unlocked, or one line saying why not (never which of name, passphrase or code was wrong).</summary>
    private static async Task<UnlockedResponder> LoginAsync(LoginCommand login, string name, string passphrase, string code, CancellationToken cancellationToken)
    {
        LoginResult outcome;
        try
        {
            outcome = await login.ExecuteAsync(name, passphrase, code, cancellationToken);
        }
        catch (ServerBusyException)
        {
            throw new CliException("too many logins are being checked right now; try again in a minute. Nothing was exported.");
        }

        return outcome.Outcome switch
        {
            LoginOutcome.Success => outcome.Responder!,
            LoginOutcome.CodeReused => throw new CliException("that TOTP code was used already (each code logs in once); wait for the next one. Nothing was exported."),
            LoginOutcome.Throttled => throw new CliException($"too many failed logins for this name; try again in {Math.Max(1, (int)Math.Ceiling(outcome.RetryAfter.TotalMinutes))} minutes. Nothing was exported."),
            LoginOutcome.Busy => throw new CliException($"too many logins are being checked right now; try again in {Math.Max(1, (int)Math.Ceiling(outcome.RetryAfter.TotalSeconds))} seconds. Nothing was exported."),
            _ => throw new CliException("the responder name, the passphrase (first line of standard input) or the TOTP code (second line) is wrong. Nothing was exported."),
        };
    }

    /// <summary>What the desk's form of the case would send: the chosen files as received (all when none is named), their working copies if asked, the events that cite the case.</summary>
    private static async Task<BundleRequest> RequestAsync(EvidenceEventsQuery query, UnlockedResponder responder, string caseId, string[] fileIds, bool workingCopies, BundleRecipient recipient, CancellationToken cancellationToken)
    {
        if (await query.ForCaseAsync(caseId, responder, cancellationToken) is not { } selection)
        {
            // The desk's 404: an unknown case and a case the responder does not hold are told apart by nobody.
            throw new CliException($"{responder.Name} holds no case {caseId}. Nothing was exported.");
        }

        var evidentiary = selection.Evidentiary().Select(f => f.File.Id).ToHashSet(StringComparer.Ordinal);
        var chosen = fileIds.Length == 0 ? evidentiary : fileIds.ToHashSet(StringComparer.Ordinal);
        if (chosen.Count == 0)
        {
            throw new CliException($"case {caseId} has no files to export. Nothing was exported.");
        }

        if (chosen.FirstOrDefault(id => !evidentiary.Contains(id)) is { } unknown)
        {
            throw new CliException(selection.WorkingCopies().Any(c => c.Copy.File.Id == unknown)
                ? $"{unknown} is a working copy: name the file as received it was made from, with --working-copies. Nothing was exported."
                : $"case {caseId} has no file as received {unknown} that {responder.Name} may export. Nothing was exported.");
        }

        return selection.RequestFor(chosen, workingCopies, recipient);
    }

    /// <summary>Writes the bundle to <paramref name="path"/> through a temporary file, showing the files and bytes sent.</summary>
    private static async Task WriteAsync(BuildBundleCommand builder, BundlePlan plan, string path, TextWriter stderr, bool quiet, CancellationToken cancellationToken)
    {
        const string CustodyStays = "the evidence.exported custody entries, written before the bundle began, stay in the audit log.";
        try
        {
            await ProgressDisplay.RunAsync(new ProgressKind("evidence export", "files", Bytes: true), stderr, quiet, async progress =>
            {
                progress?.Report(new WorkProgress(0, plan.FileCount, 0, plan.PlaintextBytes));
                await ExportFile.WriteAsync(path, stream => builder.WriteAsync(plan, stream, progress is null ? null : new BundleProgress(progress, plan), cancellationToken), cancellationToken);
                return true;
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new CommandStoppedException($"nothing was written to {path}; " + CustodyStays);
        }
        catch (Exception e) when (e is InvalidDataException or CryptographicException)
        {
            // A blob changed or damaged on disk: the bundle would not be what its manifest says. The message names no file.
            throw new CliException($"a file's stored bytes do not match its listing (changed or damaged on disk); nothing was left under {path}, and " + CustodyStays);
        }
        catch (IOException e)
        {
            throw new CliException($"the bundle could not be written: {e.Message} Nothing was left under that name, and " + CustodyStays);
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException($"the folder of {path} cannot be written. Nothing was left under that name, and " + CustodyStays);
        }
    }

    /// <summary>The recipient's armored key, read only up to a size no key reaches (the builder checks the configured bound).</summary>
    private static async Task<string> RecipientKeyAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliException($"{file.FullName} does not exist.");
        }

        if (file.Length > 16 * 1024 * 1024)
        {
            throw new CliException($"{file.FullName} is larger than any OpenPGP public key Haven accepts. Nothing was exported.");
        }

        return await File.ReadAllTextAsync(file.FullName, cancellationToken);
    }

    private static string Refused(BundleRefusal refusal, EvidenceOptions options, FileInfo? keyFile, FileInfo? passphraseFile) => refusal switch
    {
        BundleRefusal.NoFiles => "there is no file to export.",
        BundleRefusal.TooManyFiles => $"a bundle holds at most {options.MaxExportFiles} files (Haven:Evidence:MaxExportFiles); choose fewer with --file.",
        BundleRefusal.RecipientKeyUnreadable => $"{keyFile?.FullName} is not an armored OpenPGP public key (gpg --armor --export), or is larger than {options.MaxRecipientKeyBytes} bytes (Haven:Evidence:MaxRecipientKeyBytes).",
        BundleRefusal.RecipientKeyCannotEncrypt => $"the key in {keyFile?.FullName} has no key or subkey that may encrypt and is neither revoked nor expired.",
        BundleRefusal.PassphraseTooShort => $"the passphrase in {passphraseFile?.FullName} must have at least {options.MinExportPassphraseLength} characters (Haven:Evidence:MinExportPassphraseLength) and at most 1024.",
        BundleRefusal.NoRecipient => "say whom the bundle is for: --recipient-key FILE or --passphrase-file FILE (exactly one).",
        _ => "a file of the case is not listed in a record this responder can open, or its stored copy is gone.",
    };
}
