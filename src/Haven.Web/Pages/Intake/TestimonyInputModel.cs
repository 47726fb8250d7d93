namespace Haven.Web.Pages.Intake;

/// <summary>The guided testimony form as typed, shown back whole on any refusal.</summary>
internal sealed class TestimonyInputModel
{
    public string? RecordId { get; set; }

    public string? Ticket { get; set; }

    public string? Receipt { get; set; }

    public List<string> Acts { get; set; } = [];

    public string? Year { get; set; }

    public string? Month { get; set; }

    public string? Day { get; set; }

    public bool DateUnknown { get; set; }

    public string? Country { get; set; }

    public string? Region { get; set; }

    public List<string> ToWhom { get; set; } = [];

    public string? People { get; set; }

    public List<string> Perpetrators { get; set; } = [];

    public string? Text { get; set; }
}
