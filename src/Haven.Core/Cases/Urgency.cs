namespace Haven.Cases;

/// <summary>How soon the person needs help, as they said. Plaintext: the desk routes by it.</summary>
internal enum Urgency
{
    Now = 0,
    Days = 1,
    Weeks = 2,
}
