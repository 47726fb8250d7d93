namespace Haven.Storage;

/// <summary>The database settings are invalid; the message names the setting and never echoes its value.</summary>
internal sealed class DatabaseConfigurationException(string message) : Exception(message);
