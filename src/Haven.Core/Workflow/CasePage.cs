using Haven.Accounts;
using Haven.Cases;

namespace Haven.Workflow;

/// <summary>Everything the case page shows, for a responder who holds the case.</summary>
/// <param name="View">The decrypted records of the case.</param>
/// <param name="Work">Header, checklist, steps and authors.</param>
/// <param name="Holders">Who holds the case; filled only for those who may manage grants.</param>
/// <param name="Candidates">Who the case could still be granted to; filled only for those who may manage grants.</param>
internal sealed record CasePage(CaseView View, CaseWork Work, IReadOnlyList<(string Id, string Name, ResponderRole Role)> Holders, IReadOnlyList<(string Id, string Name, ResponderRole Role)> Candidates);
