namespace Haven.Cases;

/// <summary>
/// Where a case stands in the evacuation workflow. Plaintext on the server: the desk sorts and routes by it.
/// Safe and Closed are final; a final case can be reopened to Triage.
/// </summary>
internal enum CaseState
{
    New = 0,
    Triage = 1,
    Verification = 2,
    Planning = 3,
    InTransit = 4,
    Safe = 5,
    Closed = 6,
}
