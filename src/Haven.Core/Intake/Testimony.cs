using System.Text.Json.Serialization;

namespace Haven.Intake;

/// <summary>
/// The answers a person gave on the guided testimony form, inside the plaintext of a <c>testimony</c> record
/// (protocol.md, "Records"). Controlled answers are stored as keys (term keys of the Record area's lists,
/// region keys of the gazetteer), never as labels, so that an event can later be coded from them in any
/// language. Every answer is optional and absent when not given; it never holds a name. Only ever exists in memory.
/// </summary>
internal sealed class Testimony
{
    /// <summary>The answers "to whom" may hold, in the form's order.</summary>
    public static readonly IReadOnlyList<string> ToWhomKeys = ["me", "someone_known", "others"];

    /// <summary>What happened: keys of the <c>ActType</c> list, no two equal.</summary>
    [JsonPropertyName("acts")]
    public IReadOnlyList<string>? Acts { get; init; }

    /// <summary>When: <c>yyyy-MM-dd</c>, <c>yyyy-MM</c> or <c>yyyy</c> as <see cref="DatePrecision"/> says; absent for "I don't know".</summary>
    [JsonPropertyName("date")]
    public string? Date { get; init; }

    /// <summary><c>day</c>, <c>month</c>, <c>year</c>, or <c>unknown</c> when the person said they do not know.</summary>
    [JsonPropertyName("date_precision")]
    public string? DatePrecision { get; init; }

    /// <summary>Where: the key of a gazetteer region (a country or one of its regions).</summary>
    [JsonPropertyName("region")]
    public string? Region { get; init; }

    /// <summary>To whom: some of <see cref="ToWhomKeys"/>.</summary>
    [JsonPropertyName("to_whom")]
    public IReadOnlyList<string>? ToWhom { get; init; }

    /// <summary>How many people it happened to, as the person counts them.</summary>
    [JsonPropertyName("people")]
    public int? People { get; init; }

    /// <summary>Who did it: keys of the <c>PerpetratorType</c> list, no two equal.</summary>
    [JsonPropertyName("perpetrators")]
    public IReadOnlyList<string>? Perpetrators { get; init; }

    /// <summary>True when no question was answered.</summary>
    [JsonIgnore]
    public bool IsEmpty => Acts is null && DatePrecision is null && Region is null && ToWhom is null && People is null && Perpetrators is null;
}
