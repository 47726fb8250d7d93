using Haven.Cases;

namespace Haven.Workflow;

/// <summary>
/// The rules of the evacuation workflow: New → Triage → Verification → Planning → In transit → Safe, one
/// step back at a time, closing with an outcome from any state that is not final, and reopening a final
/// case to Triage. Kept in one place so that the page shows exactly the steps the command accepts.
/// </summary>
internal static class CaseTransitions
{
    /// <summary>The forward path of a case, in order.</summary>
    public static readonly IReadOnlyList<CaseState> Path =
        [CaseState.New, CaseState.Triage, CaseState.Verification, CaseState.Planning, CaseState.InTransit, CaseState.Safe];

    /// <summary>Safe and Closed are final: nothing follows but reopening.</summary>
    public static bool IsFinal(CaseState state) => state is CaseState.Safe or CaseState.Closed;

    /// <summary>Every state a case in <paramref name="from"/> may move to, forward step first.</summary>
    public static IReadOnlyList<CaseState> Allowed(CaseState from)
    {
        if (IsFinal(from))
        {
            return [CaseState.Triage];
        }

        var index = IndexOf(from);
        var allowed = new List<CaseState> { Path[index + 1] };

        // One step back, but never back to New: a case that has been looked at is no longer new.
        if (index >= 2)
        {
            allowed.Add(Path[index - 1]);
        }

        allowed.Add(CaseState.Closed);
        return allowed;
    }

    public static bool IsAllowed(CaseState from, CaseState to) => Allowed(from).Contains(to);

    /// <summary>True when the step is Verification → Planning: the gate before anything operational is shared.</summary>
    public static bool IsApproval(CaseState from, CaseState to) => from == CaseState.Verification && to == CaseState.Planning;

    /// <summary>
    /// Whether a responder may approve a case for Planning: every active item ticked and, when a second
    /// person is required, at least one of them ticked by someone other than the approver.
    /// </summary>
    /// <param name="activeItems">How many checklist items are active.</param>
    /// <param name="tickedBy">Who ticked each active item that is ticked for the case.</param>
    /// <param name="approverId">The responder who would move the case to Planning.</param>
    /// <param name="requireSecondPerson">The <see cref="WorkflowOptions.RequireSecondPerson"/> option.</param>
    public static TransitionOutcome ApprovalGate(int activeItems, IReadOnlyCollection<string> tickedBy, string approverId, bool requireSecondPerson)
    {
        if (tickedBy.Count < activeItems)
        {
            return TransitionOutcome.ChecklistIncomplete;
        }

        return requireSecondPerson && !tickedBy.Any(t => t != approverId) ? TransitionOutcome.SecondPersonRequired : TransitionOutcome.None;
    }

    /// <summary>The content-free audit subject of a step, such as <c>Triage&gt;Verification</c>.</summary>
    public static string Step(CaseState from, CaseState to) => from + ">" + to;

    /// <summary>The place of a state on the forward path; Closed is not on it.</summary>
    public static int IndexOf(CaseState state)
    {
        for (var i = 0; i < Path.Count; i++)
        {
            if (Path[i] == state)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(state));
    }
}
