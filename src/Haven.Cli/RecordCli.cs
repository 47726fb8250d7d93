using System.CommandLine;
using Haven.Audit;
using Haven.Cases;
using Haven.Instance;
using Haven.Record;
using Haven.Record.Vocabulary;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Cli;

/// <summary>
/// <c>haven record gazetteer import FILE.csv</c> and <c>haven record lists export</c>: Record's controlled lists and
/// gazetteer from the command line (docs/operations.md, "Controlled lists and gazetteer").
/// </summary>
internal static class RecordCli
{
    public static Command Create(DataOption data, TextWriter stdout, TextWriter stderr)
    {
        var gazetteer = new Command("gazetteer", "The instance's gazetteer: countries and their regions.") { Import(data, stdout, stderr) };
        var lists = new Command("lists", "The controlled lists and the gazetteer.") { Export(data, stdout) };
        return new Command("record", "Record: the controlled lists and the gazetteer of documentation.") { gazetteer, lists };
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

    /// <summary>Record's services on the data directory, with the settings of the environment (<c>Haven__Record__*</c>), after checking the database is up to date.</summary>
    private static async Task<ServiceProvider> ServicesAsync(DataDirectory dir, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var provider = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new InstanceState(dir))
            .AddSingleton<IWriteLock, ProcessWriteLock>()
            .AddSingleton<ISaveStep, RecordNumbering>()
            .AddSingleton<AuditedWriter>()
            .AddHavenStorage(dir)
            .AddRecord(configuration)
            .BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<RecordOptions>>().Value;
            await using var db = await provider.GetRequiredService<IDbContextFactory<HavenDbContext>>().CreateDbContextAsync(cancellationToken);
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                throw new CliException("the database is not up to date; run `haven migrate` first. Nothing was changed.");
            }
        }
        catch (OptionsValidationException e)
        {
            await provider.DisposeAsync();
            throw new CliException(e.Message);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return provider;
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
