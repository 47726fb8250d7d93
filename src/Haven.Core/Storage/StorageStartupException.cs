namespace Haven.Storage;

/// <summary>The storage cannot be used at start-up; the message is one line for the operator (no stack trace, no secret).</summary>
internal sealed class StorageStartupException(string message, Exception? inner = null) : Exception(message, inner);
