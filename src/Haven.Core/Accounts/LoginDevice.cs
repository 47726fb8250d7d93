namespace Haven.Accounts;

/// <summary>A device cookie the browser sent, already authenticated by the web host: whose it is and its random id.</summary>
internal sealed record LoginDevice(string ResponderId, string DeviceId);
