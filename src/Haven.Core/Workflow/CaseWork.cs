namespace Haven.Workflow;

/// <summary>Everything the case page shows besides the decrypted records.</summary>
/// <param name="Summary">The case's routing data.</param>
/// <param name="Checklist">The active checklist items with their ticks.</param>
/// <param name="Steps">The workflow steps taken, oldest first.</param>
/// <param name="Authors">Who wrote each note or version of the case data, by record id (from the audit log).</param>
/// <param name="Approval">Whether the current responder may move the case to Planning now.</param>
internal sealed record CaseWork(CaseSummary Summary, IReadOnlyList<ChecklistRow> Checklist, IReadOnlyList<StepTaken> Steps, IReadOnlyDictionary<string, string> Authors, TransitionOutcome Approval);
