namespace Haven.Accounts;

/// <summary>Thrown when the server is too busy to derive a key in time; the web turns it into a 503.</summary>
internal sealed class ServerBusyException : Exception
{
    public ServerBusyException()
        : base("Too many key derivations are waiting.")
    {
    }
}
