using System.CommandLine;
using Haven.Audit;
using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Record;
using Haven.Record.Export;
using Haven.Record.Vocabulary;
using Haven.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Cli;

/// <summary>
/// <c>haven record gazetteer import FILE.csv</c> and <c>haven record lists export</c>: Record's controlled lists and
/// gazetteer from the command line (docs/operations.md, "Controlled lists and gazetteer"); <c>haven record export</c>:
/// the export for documentation partners with the recovery key (docs/record-export.md).
/// </summary>
internal static class RecordCli
{
    public static Command Create(DataOption data, TextWriter stdout, TextWriter stderr)
    {
        var gazetteer = new Command("gazetteer", "The instance's gazetteer: countries and their regions.") { Import(data, stdout, stderr) };
        var lists = new Command("lists", "The controlled lists and the gazetteer.") { Export(data, stdout) };
        return new Command("record", "Record: the documentation of events, its controlled lists and gazetteer.") { gazetteer, lists, ExportRecord(data, stdout, stderr) };
    }

    private static Command Import(DataOption data, TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<FileInfo>("FILE.csv") { Description = "A UTF-8 CSV file: code,parent_code,label_en,label_ru[,label_<culture>…][,retired]." };
        var command = new Command(
            "import",
            "Import countries and regions from a CSV file, all or nothing: existing codes are updated, new ones added, and any problem "
            + "(listed by line) changes nothing. Audited as record.region.added/changed. Stop the server first: it holds the data directory's lock.")
        { data.Option, file };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = RequireInstance(data.Resolve(result));
            var csv = result.GetRequiredValue(file);
            if (!csv.Exists)
            {
                throw new CliException($"{csv.FullName} does not exist.");
            }

            using var held = DataOption.Lock(dir);
            await using var provider = await ServicesAsync(dir, cancellationToken);
            GazetteerImportResult outcome;
            await using (var stream = csv.OpenRead())
            {
                outcome = await provider.GetRequiredService<ImportGazetteerCommand>().ExecuteAsync(stream, cancellationToken);
            }

            if (!outcome.Succeeded)
            {
                foreach (var error in outcome.Errors)
                {
                    await stderr.WriteLineAsync($"{csv.Name}: {error.Describe()}");
                }

                throw new CliException($"{outcome.Errors.Count} problem(s) in {csv.Name}; nothing was imported.");
            }

            await stdout.WriteLineAsync($"{outcome.Added} added, {outcome.Changed} changed, {outcome.Unchanged} unchanged.");
            return 0;
        });
        return command;
    }

    private static Command Export(DataOption data, TextWriter stdout)
    {
        var format = new Option<string>("--format") { Description = "json (vocabulary.json) or csv (terms.csv and gazetteer.csv).", Required = true };
        format.AcceptOnlyFromAmong("json", "csv");
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write into (created when missing; files of the same names are replaced).", Required = true };
        var command = new Command("export", "Write the controlled lists and the gazetteer, with every label and retired entries marked, so that they travel with exported data.")
        { data.Option, format, output };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = RequireInstance(data.Resolve(result));
            await using var provider = await ServicesAsync(dir, cancellationToken);
            var chosen = result.GetRequiredValue(format) == "json" ? VocabularyExportFormat.Json : VocabularyExportFormat.Csv;
            foreach (var path in await provider.GetRequiredService<ExportVocabularyQuery>().ExecuteAsync(chosen, result.GetRequiredValue(output).FullName, cancellationToken))
            {
                await stdout.WriteLineAsync(path);
            }

            return 0;
        });
        return command;
    }

    private static Command ExportRecord(DataOption data, TextWriter stdout, TextWriter stderr)
    {
        var format = new Option<string>("--format") { Description = "json (one JSON document) or csv (a zip of CSV files, one per entity, loadable by Uwazi's CSV import).", Required = true };
        format.AcceptOnlyFromAmong("json", "csv");
        var output = new Option<FileInfo>("--out") { Description = "The file to write (must not exist; written under a temporary name and renamed when complete).", Required = true };
        var narratives = new Option<bool>("--narratives") { Description = "Add the narratives (titles, descriptions, methods, consequences, source details, pseudonyms). Without it, coding only." };
        var key = new Option<FileInfo>("--recovery-key") { Description = "A file holding the recovery secret: it opens every documentation key generation and every case key.", Required = true };
        var quiet = ProgressDisplay.QuietOption();
        var command = new Command(
            "export",
            "Export every event (its current version) with its acts, victims, involvements and sources, and the lists and the gazetteer, for "
            + "documentation partners (docs/record-export.md). Audited as record.exported. Stop the server first: it holds the data directory's lock.")
        { data.Option, format, output, narratives, key, quiet };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = RequireInstance(data.Resolve(result));
            var keyFile = result.GetRequiredValue(key);
            if (!keyFile.Exists || !RecoverySecret.TryParse(await File.ReadAllTextAsync(keyFile.FullName, cancellationToken), out var secret))
            {
                throw new CliException($"{keyFile.FullName} does not hold a recovery secret.");
            }

            using var recovery = X25519KeyPair.FromSecretKey(secret);
            Array.Clear(secret);
            if (!InstanceKeys.Load(dir).RecoveryPublicKey.AsSpan().SequenceEqual(recovery.PublicKey))
            {
                throw new CliException("that recovery secret does not belong to this instance; nothing was exported.");
            }

            var target = ExportTarget.RequireNew(result.GetRequiredValue(output));

            var chosen = result.GetRequiredValue(format) == "json" ? RecordExportFormat.Json : RecordExportFormat.Csv;
            var scope = result.GetValue(narratives) ? ExportScope.Narratives : ExportScope.Coding;
            using var held = DataOption.Lock(dir);
            await using var provider = await ServicesAsync(dir, cancellationToken);
            try
            {
                await ProgressDisplay.RunAsync(new ProgressKind("record export", "versions", Bytes: false), stderr, result.GetValue(quiet), async progress =>
                {
                    await ExportFile.WriteAsync(target.FullName, stream => provider.GetRequiredService<ExportRecordCommand>().ExecuteAsync(recovery, chosen, scope, stream, progress, cancellationToken), cancellationToken);
                    return true;
                });
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new CommandStoppedException($"nothing was written to {target.FullName}.");
            }
            catch (IOException e)
            {
                throw new CliException($"the export could not be written: {e.Message} Nothing was left under that name.");
            }
            catch (UnauthorizedAccessException)
            {
                throw new CliException($"the folder of {target.FullName} cannot be written. Nothing was exported.");
            }

            await stdout.WriteLineAsync(target.FullName);
            return 0;
        });
        return command;
    }

    /// <summary>Record's services on the data directory, with the settings of the environment (<c>Haven__Record__*</c>), after checking the database is up to date.</summary>
    private static Task<ServiceProvider> ServicesAsync(DataDirectory dir, CancellationToken cancellationToken)
    {
        var configuration = DataOption.Configuration();
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new InstanceState(dir))
            .AddSingleton(AuditServiceCollectionExtensions.WriteLockFor(dir))
            .AddSingleton<ISaveStep, RecordNumbering>()
            .AddSingleton<AuditedWriter>()
            .AddHavenStorage(dir)
            .AddRecord(configuration);
        return CliServices.BuildAsync(services, provider => _ = provider.GetRequiredService<IOptions<RecordOptions>>().Value, cancellationToken);
    }

    private static DataDirectory RequireInstance(DataDirectory dir)
    {
        if (!InstanceKeys.Exists(dir) || !dir.HoldsDatabase)
        {
            throw new CliException($"{dir.Path} holds no Haven instance; run `haven init` first.");
        }

        return dir;
    }
}
