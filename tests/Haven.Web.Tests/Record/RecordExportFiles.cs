using System.IO.Compression;
using System.Text.Json;
using CsvHelper;
using Haven.Record.Events;

namespace Haven.Web.Tests.Record;

/// <summary>
/// Reads a Record export back (docs/record-export.md) and checks it field by field against what a holder of the case
/// reads through <see cref="EventQuery"/>: the JSON document, and the zip of CSV files as Uwazi's import would read them.
/// </summary>
internal static class RecordExportFiles
{
    /// <summary>Every CSV file of the zip, by its name: rows as header → cell.</summary>
    public static Dictionary<string, List<Dictionary<string, string>>> ReadZip(byte[] zip, out Dictionary<string, IReadOnlyList<string>> headers, out Dictionary<string, byte[]> raw)
    {
        headers = [];
        raw = [];
        var files = new Dictionary<string, List<Dictionary<string, string>>>(StringComparer.Ordinal);
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        foreach (var entry in archive.Entries)
        {
            using var buffer = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(buffer);
            }

            var bytes = buffer.ToArray();
            raw[entry.FullName] = bytes;
            using var reader = CsvReader.Create(bytes, CsvReaderOptions.Default with { Separator = ',', HasHeader = true, DetectSeparatorHint = false });
            var names = reader.Headers.ToList();
            headers[entry.FullName] = names;
            var rows = new List<Dictionary<string, string>>();
            while (reader.Read())
            {
                rows.Add(names.Select((n, i) => (n, reader.GetString(i))).ToDictionary(x => x.n, x => x.Item2, StringComparer.Ordinal));
            }

            files[entry.FullName] = rows;
        }

        return files;
    }

    public static JsonElement? Optional(JsonElement element, string name) => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string Snake<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>The JSON of one event against the truth; its narrative fields present exactly when <paramref name="narrative"/>.</summary>
    public static void AssertEvent(JsonElement e, EventView truth, bool narrative)
    {
        var coding = truth.Coding;
        var words = truth.Narrative;
        Assert.Equal((truth.Id, truth.CaseId, truth.LatestNumber, narrative), (e.GetProperty("id").GetString(), e.GetProperty("case").GetString(), e.GetProperty("version").GetInt32(), e.GetProperty("narrative").GetBoolean()));
        AssertDate(Optional(e, "start"), coding.Start);
        AssertDate(Optional(e, "end"), coding.End);
        Assert.Equal(coding.Region, Optional(e, "region")?.GetProperty("code").GetString());
        Assert.Equal(Snake(coding.Status), e.GetProperty("violation_status").GetString());
        Assert.Equal(Snake(coding.Confidentiality), e.GetProperty("confidentiality").GetString());
        Assert.Equal(coding.Corroboration, e.GetProperty("corroboration").GetInt32());
        Assert.Equal(narrative ? words.Title : null, Optional(e, "title")?.GetString());
        Assert.Equal(narrative ? words.Description : null, Optional(e, "description")?.GetString());

        var acts = e.GetProperty("acts").EnumerateArray().ToList();
        Assert.Equal(coding.Acts.Count, acts.Count);
        for (var i = 0; i < acts.Count; i++)
        {
            var act = coding.Acts[i];
            var json = acts[i];
            Assert.Equal((act.Id, act.Type, act.Victim, act.VictimStatus), (json.GetProperty("id").GetString(), json.GetProperty("type").GetProperty("key").GetString(), json.GetProperty("victim_id").GetString(), Optional(json, "victim_status")?.GetProperty("key").GetString()));
            Assert.Equal(narrative ? words.Act(act.Id)?.Method : null, Optional(json, "method")?.GetString());
            Assert.Equal(narrative ? words.Act(act.Id)?.Consequences : null, Optional(json, "consequences")?.GetString());
            Assert.Equal(
                act.Involvements.Select((x, n) => ($"{act.Id}-{n + 1}", x.Perpetrator, x.Degree)),
                json.GetProperty("involvements").EnumerateArray().Select(x => (x.GetProperty("id").GetString()!, x.GetProperty("perpetrator_type").GetProperty("key").GetString()!, x.GetProperty("degree").GetProperty("key").GetString()!)));
        }

        Assert.Equal(
            coding.Information.Select(x => (x.Id, x.Source == InformationSource.Case ? "case" : "outside", x.Source == InformationSource.Case ? x.CaseId : null, x.Connection, x.Reliability, narrative ? words.Source(x.Id)?.Details : null)),
            e.GetProperty("information").EnumerateArray().Select(x => (x.GetProperty("id").GetString()!, x.GetProperty("source").GetString()!, Optional(x, "case")?.GetString(), x.GetProperty("connection").GetProperty("key").GetString()!, x.GetProperty("reliability").GetInt32(), Optional(x, "details")?.GetString())));
    }

    /// <summary>The JSON of one victim against the truth.</summary>
    public static void AssertVictim(JsonElement v, VictimView truth, bool narrative)
    {
        Assert.Equal((truth.Id, truth.CaseId, truth.Number, narrative), (v.GetProperty("id").GetString(), v.GetProperty("case").GetString(), v.GetProperty("version").GetInt32(), v.GetProperty("narrative").GetBoolean()));
        Assert.Equal(narrative ? truth.Pseudonym : null, Optional(v, "pseudonym")?.GetString());
        Assert.Equal(truth.Coding!.AgeBand, Optional(v, "age_band")?.GetProperty("key").GetString());
        Assert.Equal(Snake(truth.Coding.Unit), v.GetProperty("counting_unit").GetString());
        Assert.Equal(truth.Coding.GroupSize, Optional(v, "group_size")?.GetInt32());
    }

    /// <summary>The CSV rows of one event, its acts, involvements and sources against the truth.</summary>
    public static void AssertEventRows(Dictionary<string, List<Dictionary<string, string>>> files, EventView truth, bool narrative)
    {
        var coding = truth.Coding;
        var words = truth.Narrative;
        var row = Assert.Single(files["events.csv"], r => r["title"] == truth.Id);
        Assert.Equal((truth.CaseId, truth.LatestNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), narrative ? "true" : "false"), (row["case_id"], row["version"], row["narrative"]));
        Assert.Equal((narrative ? words.Title : "", narrative ? words.Description ?? "" : ""), (row["event_title"], row["description"]));
        Assert.Equal((coding.Start?.ToString() ?? "", coding.Start is { } s ? Snake(s.Precision) : "unknown"), (row["start_date"], row["start_precision"]));
        Assert.Equal((coding.End?.ToString() ?? "", coding.End is { } end ? Snake(end.Precision) : "unknown"), (row["end_date"], row["end_precision"]));
        Assert.Equal($"{coding.Start!.Value.First:yyyy-MM-dd}:{(coding.End ?? coding.Start).Value.Last:yyyy-MM-dd}", row["period"]);
        Assert.Equal((coding.Region ?? "", Snake(coding.Status), Snake(coding.Confidentiality), coding.Corroboration.ToString(System.Globalization.CultureInfo.InvariantCulture)), (row["region_code"], row["violation_status"], row["confidentiality"], row["corroboration"]));

        foreach (var act in coding.Acts)
        {
            var a = Assert.Single(files["acts.csv"], r => r["title"] == act.Id);
            Assert.Equal((truth.Id, act.Victim, act.Type, act.VictimStatus ?? ""), (a["event"], a["victim"], a["act_type_code"], a["victim_status_code"]));
            Assert.Equal((narrative ? words.Act(act.Id)?.Method ?? "" : "", narrative ? words.Act(act.Id)?.Consequences ?? "" : ""), (a["method"], a["consequences"]));
            Assert.Equal(
                act.Involvements.Select((x, n) => ($"{act.Id}-{n + 1}", truth.Id, x.Perpetrator, x.Degree)),
                files["involvements.csv"].Where(r => r["act"] == act.Id).Select(r => (r["title"], r["event"], r["perpetrator_type_code"], r["degree_code"])));
        }

        Assert.Equal(coding.Acts.Count, files["acts.csv"].Count(r => r["event"] == truth.Id));
        Assert.Equal(
            coding.Information.Select(x => (x.Id, x.Source == InformationSource.Case ? "case" : "outside", x.Source == InformationSource.Case ? x.CaseId! : "", x.Connection, x.Reliability.ToString(System.Globalization.CultureInfo.InvariantCulture), narrative ? words.Source(x.Id)?.Details ?? "" : "")),
            files["information.csv"].Where(r => r["event"] == truth.Id).Select(r => (r["title"], r["source"], r["case_id"], r["connection_code"], r["reliability"], r["details"])));
    }

    /// <summary>The CSV row of one victim against the truth.</summary>
    public static void AssertVictimRow(Dictionary<string, List<Dictionary<string, string>>> files, VictimView truth, bool narrative)
    {
        var row = Assert.Single(files["victims.csv"], r => r["title"] == truth.Id);
        Assert.Equal(
            (truth.CaseId, truth.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), narrative ? "true" : "false", narrative ? truth.Pseudonym : "", truth.Coding!.AgeBand ?? "", Snake(truth.Coding.Unit), truth.Coding.GroupSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            (row["case_id"], row["version"], row["narrative"], row["pseudonym"], row["age_band_code"], row["counting_unit"], row["group_size"]));
    }

    private static void AssertDate(JsonElement? json, PartialDate? date)
    {
        if (date is not { } d)
        {
            Assert.Null(json);
            return;
        }

        var j = json!.Value;
        Assert.Equal((d.ToString(), Snake(d.Precision), d.First.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), (j.GetProperty("date").GetString(), j.GetProperty("precision").GetString(), j.GetProperty("first").GetString(), j.GetProperty("last").GetString()));
    }
}
