namespace Haven.Intake;

/// <summary>The kinds of help a person can ask for; stored only inside the encrypted request.</summary>
internal static class HelpKinds
{
    public static readonly IReadOnlyList<string> All = ["evacuation", "shelter", "legal", "medical", "testimony", "other"];
}
