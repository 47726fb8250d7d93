namespace Haven.Act;

/// <summary>
/// "Further information" on an Urgent Action (table <c>action_updates</c>): it keeps the action's number and says
/// what changed. Public once written; <see cref="Number"/> is 1, 2, ... per action.
/// </summary>
internal sealed class ActionUpdate
{
    /// <summary>Random, 32 lowercase hex.</summary>
    public string Id { get; set; } = "";

    public string ActionId { get; set; } = "";

    public int Number { get; set; }

    /// <summary>Per language as JSON: <c>{"en": {"Title": "...", "Body": "..."}}</c> (<see cref="UpdateText"/>).</summary>
    public string Texts { get; set; } = "{}";

    public DateTimeOffset PublishedAt { get; set; }

    public string WrittenBy { get; set; } = "";
}
