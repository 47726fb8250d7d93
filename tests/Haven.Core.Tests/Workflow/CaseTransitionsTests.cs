using Haven.Cases;
using Haven.Workflow;

namespace Haven.Core.Tests.Workflow;

/// <summary>The workflow rules on their own: which steps exist, and the approval gate before Planning.</summary>
public sealed class CaseTransitionsTests
{
    [Theory]
    [InlineData(CaseState.New, new[] { CaseState.Triage, CaseState.Closed })]
    [InlineData(CaseState.Triage, new[] { CaseState.Verification, CaseState.Closed })]
    [InlineData(CaseState.Verification, new[] { CaseState.Planning, CaseState.Triage, CaseState.Closed })]
    [InlineData(CaseState.Planning, new[] { CaseState.InTransit, CaseState.Verification, CaseState.Closed })]
    [InlineData(CaseState.InTransit, new[] { CaseState.Safe, CaseState.Planning, CaseState.Closed })]
    [InlineData(CaseState.Safe, new[] { CaseState.Triage })]
    [InlineData(CaseState.Closed, new[] { CaseState.Triage })]
    internal void Each_state_allows_the_next_step_one_step_back_closing_or_only_reopening(CaseState from, CaseState[] expected)
    {
        Assert.Equal(expected, CaseTransitions.Allowed(from));
        foreach (var to in Enum.GetValues<CaseState>())
        {
            Assert.Equal(expected.Contains(to), CaseTransitions.IsAllowed(from, to));
        }
    }

    [Fact]
    internal void Only_safe_and_closed_are_final_and_only_verification_to_planning_is_the_approval()
    {
        Assert.Equal([CaseState.Safe, CaseState.Closed], Enum.GetValues<CaseState>().Where(CaseTransitions.IsFinal));
        var approvals = from a in Enum.GetValues<CaseState>() from b in Enum.GetValues<CaseState>() where CaseTransitions.IsApproval(a, b) select (a, b);
        Assert.Equal([(CaseState.Verification, CaseState.Planning)], approvals);
        Assert.Equal("Triage>Verification", CaseTransitions.Step(CaseState.Triage, CaseState.Verification));
    }

    [Fact]
    internal void The_approval_gate_needs_every_item_and_a_second_person_when_required()
    {
        Assert.Equal(TransitionOutcome.ChecklistIncomplete, CaseTransitions.ApprovalGate(3, ["b", "b"], "a", requireSecondPerson: false));
        Assert.Equal(TransitionOutcome.None, CaseTransitions.ApprovalGate(2, ["a", "a"], "a", requireSecondPerson: false));
        Assert.Equal(TransitionOutcome.SecondPersonRequired, CaseTransitions.ApprovalGate(2, ["a", "a"], "a", requireSecondPerson: true));
        Assert.Equal(TransitionOutcome.None, CaseTransitions.ApprovalGate(2, ["a", "b"], "a", requireSecondPerson: true));
        Assert.Equal(TransitionOutcome.None, CaseTransitions.ApprovalGate(2, ["b", "b"], "a", requireSecondPerson: true));

        // With no item at all, a second person cannot have approved anything.
        Assert.Equal(TransitionOutcome.SecondPersonRequired, CaseTransitions.ApprovalGate(0, [], "a", requireSecondPerson: true));
    }

    [Fact]
    internal void Case_data_is_compared_after_normalization()
    {
        var data = new CaseData { Needs = " papers ", Region = "", Plan = [new() { Step = " go " }, new() { Step = "  " }], Tags = ["a", " A", "", "b"] };
        var normalized = data.Normalized();
        Assert.Equal("papers", normalized.Needs);
        Assert.Null(normalized.Region);
        Assert.Equal(["go"], normalized.Plan.Select(p => p.Step));
        Assert.Equal(["a", "b"], normalized.Tags);
        Assert.True(data.SameAs(normalized));
        Assert.False(data.SameAs(new CaseData { Needs = "papers" }));
        Assert.True(new CaseData { Tags = [" "] }.Normalized().IsEmpty);
    }
}
