using System.Text.Json.Serialization;

namespace Haven.Cases;

/// <summary>One step of the plan.</summary>
internal sealed class PlanStep
{
    [JsonPropertyName("step")]
    public string Step { get; set; } = "";

    /// <summary>The day the step is due, if any; a day is precise enough and reveals no more.</summary>
    [JsonPropertyName("due")]
    public DateOnly? Due { get; set; }
}
