namespace Haven.Web.Pages.Desk;

/// <summary>One row of the plan in the form; the due date as the date input sends it (yyyy-MM-dd).</summary>
internal sealed class PlanStepInput
{
    public string? Step { get; set; }

    public string? Due { get; set; }
}
