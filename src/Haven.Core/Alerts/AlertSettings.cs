namespace Haven.Alerts;

/// <summary>A responder's alert choices as My account shows them; the address itself is never read back for a page.</summary>
internal sealed record AlertSettings(bool On, bool NewRequests, bool CaseMessages);
