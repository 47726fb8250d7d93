using Haven.Evidence.Bundles;

namespace Haven.Web.Pages.Desk;

/// <summary>What the export form's partial (<c>_EvidenceForm</c>) shows: the files to choose from, what was typed, the error.</summary>
internal sealed record EvidenceFormView(EvidenceSelection Selection, EvidenceExportInput Input, PageError? Error, int MinPassphraseLength, bool ShowCases);
