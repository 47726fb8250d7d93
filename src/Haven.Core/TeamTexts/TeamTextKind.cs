namespace Haven.TeamTexts;

/// <summary>
/// The texts each team sets for the intake ("what happens next and what to do now"). Each has a default in
/// every language the intake speaks (the web's resources); a team's own version replaces it in one language.
/// </summary>
internal enum TeamTextKind
{
    /// <summary>How soon the team usually replies, a few words such as "within 24 hours".</summary>
    ReplyTime,

    /// <summary>That a real person reads every message.</summary>
    RealPerson,

    /// <summary>That the team asks checking questions before sharing any plan, and why.</summary>
    Checking,

    /// <summary>That help is free and the team never asks for money or for meetings through apps.</summary>
    Free,

    /// <summary>What to do in immediate danger, with a warning where calling the local police is itself dangerous.</summary>
    Danger,

    /// <summary>The team's own emergency contacts, shown in the danger block; none by default.</summary>
    EmergencyContacts,

    /// <summary>"Write as you can, mistakes do not matter", and the languages the team reads.</summary>
    Languages,
}
