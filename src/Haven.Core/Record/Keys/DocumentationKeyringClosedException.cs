namespace Haven.Record.Keys;

/// <summary>
/// The <see cref="DocumentationKeyring"/> a read was using was wiped meanwhile: its session ended (logout, expiry,
/// deactivation). Nothing is wrong with the data; the request belongs to a session that no longer exists, and the
/// desk answers it as it answers any request without a session.
/// </summary>
internal sealed class DocumentationKeyringClosedException : Exception
{
    public DocumentationKeyringClosedException()
        : base("The documentation keyring was wiped: its session ended.")
    {
    }

    public DocumentationKeyringClosedException(string message)
        : base(message)
    {
    }

    public DocumentationKeyringClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
