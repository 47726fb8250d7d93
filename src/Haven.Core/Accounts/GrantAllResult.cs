using Haven.Cases;

namespace Haven.Accounts;

/// <summary>The result of one run of <see cref="GrantAllCasesCommand"/>.</summary>
internal sealed record GrantAllResult(GrantOutcome Outcome, int Granted = 0, int Remaining = 0);
