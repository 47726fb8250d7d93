using Haven.Accounts;

namespace Haven.TeamTexts;

/// <summary>Who may set the team texts: administrators only, because they speak for the whole team to every person.</summary>
internal static class TeamTextRoles
{
    public static bool CanConfigure(ResponderRole role) => role == ResponderRole.Admin;
}
