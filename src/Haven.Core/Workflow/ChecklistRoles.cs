using Haven.Accounts;

namespace Haven.Workflow;

/// <summary>Who may change the checklist: administrators only, because it is the gate of every case.</summary>
internal static class ChecklistRoles
{
    public static bool CanConfigure(ResponderRole role) => role == ResponderRole.Admin;
}
