using Haven.Accounts;

namespace Haven.Record.Vocabulary;

/// <summary>Who may edit the controlled lists and the gazetteer: administrators only, because the lists shape every team member's coding.</summary>
internal static class VocabularyRoles
{
    public static bool CanEdit(ResponderRole role) => role == ResponderRole.Admin;
}
