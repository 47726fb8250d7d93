using Haven.Files;

namespace Haven.Web.Pages.Desk;

/// <summary>A file of a case as its record lists it, with the record's kind and date.</summary>
internal sealed record CaseFile(FileAttachment File, string Kind, DateOnly On);
