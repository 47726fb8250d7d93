using Haven.Cases;

namespace Haven.Workflow;

/// <summary>One workflow step taken, from the audit log: the day, who, from and to.</summary>
internal sealed record StepTaken(DateOnly On, string ActorName, CaseState From, CaseState To);
