namespace Haven.Cases;

/// <summary>Why a case was closed without reaching safety.</summary>
internal enum CaseOutcome
{
    LostContact = 0,
    Declined = 1,
    Duplicate = 2,
    NotGenuine = 3,
    ReferredElsewhere = 4,
}
