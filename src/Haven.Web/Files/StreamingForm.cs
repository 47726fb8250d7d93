using Haven.Files;

namespace Haven.Web.Files;

/// <summary>
/// A form read as it streamed in (<see cref="StreamingFormReader"/>): its text fields, held in memory, and its
/// files, already encrypted into the pending blobs of <see cref="Batch"/>. After a problem the batch is
/// emptied and <see cref="Problem"/> says why; the text fields read are kept, so that nothing typed is lost.
/// </summary>
internal sealed class StreamingForm : IDisposable
{
    private readonly Dictionary<string, List<string>> _fields = new(StringComparer.Ordinal);

    internal StreamingForm(FileBatch batch) => Batch = batch;

    /// <summary>The files received; dispose the form to delete them if the message was not stored.</summary>
    public FileBatch Batch { get; }

    public UploadOutcome Problem { get; internal set; }

    /// <summary>How many non-empty file fields the form carried, including refused ones.</summary>
    public int FilesOffered { get; internal set; }

    public int Status => Problem switch
    {
        UploadOutcome.None => StatusCodes.Status200OK,
        UploadOutcome.FileTooLarge or UploadOutcome.TooManyFiles or UploadOutcome.FieldTooLarge => StatusCodes.Status413PayloadTooLarge,
        UploadOutcome.QuotaExceeded or UploadOutcome.OutOfSpace => StatusCodes.Status507InsufficientStorage,
        UploadOutcome.StorageUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public string? this[string name] => _fields.TryGetValue(name, out var values) ? values[0] : null;

    public IReadOnlyList<string> Values(string name) => _fields.TryGetValue(name, out var values) ? values : [];

    /// <summary>Every text field read, by name.</summary>
    public IEnumerable<(string Name, string Value)> Fields => _fields.SelectMany(f => f.Value.Select(v => (f.Key, v)));

    public void Dispose() => Batch.Dispose();

    /// <summary>Adds a value of a text field, after the values of the same name read before it.</summary>
    internal void Add(string name, string value)
    {
        if (!_fields.TryGetValue(name, out var values))
        {
            _fields[name] = values = [];
        }

        values.Add(value);
    }
}
