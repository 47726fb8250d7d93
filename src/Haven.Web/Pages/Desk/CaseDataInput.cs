using System.Globalization;
using Haven.Cases;

namespace Haven.Web.Pages.Desk;

/// <summary>The case data form: every field of <see cref="CaseData"/> as the browser sends it.</summary>
internal sealed class CaseDataInput
{
    public string? Needs { get; set; }

    public string? Region { get; set; }

    public string? Dependants { get; set; }

    public string? Risks { get; set; }

    public string? Contact { get; set; }

    /// <summary>Tags separated by commas.</summary>
    public string? Tags { get; set; }

    public List<PlanStepInput> Plan { get; set; } = [];

    public static CaseDataInput From(CaseData? data) => data is null ? new() : new()
    {
        Needs = data.Needs,
        Region = data.Region,
        Dependants = data.Dependants,
        Risks = data.Risks,
        Contact = data.Contact,
        Tags = string.Join(", ", data.Tags),
        Plan = data.Plan.Select(p => new PlanStepInput { Step = p.Step, Due = p.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }).ToList(),
    };

    /// <summary>The data, or null when a due date is not a date.</summary>
    public CaseData? ToData()
    {
        var plan = new List<PlanStep>();
        foreach (var row in Plan)
        {
            DateOnly? due = null;
            if (!string.IsNullOrWhiteSpace(row.Due))
            {
                if (!DateOnly.TryParseExact(row.Due.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    return null;
                }

                due = parsed;
            }

            plan.Add(new PlanStep { Step = row.Step ?? "", Due = due });
        }

        return new CaseData
        {
            Needs = Needs,
            Region = Region,
            Dependants = Dependants,
            Risks = Risks,
            Contact = Contact,
            Plan = plan,
            Tags = (Tags ?? "").Split(',').ToList(),
        };
    }
}
