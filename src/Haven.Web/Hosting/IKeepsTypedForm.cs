namespace Haven.Web.Hosting;

/// <summary>
/// A page whose form carries what someone wrote: when the storage fails under it (a full disk, the database
/// down), <see cref="StorageOutageFilter"/> asks it to show the form again with everything typed.
/// </summary>
internal interface IKeepsTypedForm
{
    /// <summary>
    /// Prepares the page to be shown again with <paramref name="errorKey"/> and everything typed (reading the
    /// form's text now if the handler failed before it read it). Must not use the database.
    /// </summary>
    Task ShowStorageProblemAsync(string errorKey, CancellationToken cancellationToken);
}
