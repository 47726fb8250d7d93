using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;

namespace Haven.Intake;

/// <summary>Draws a new receipt and derives its keys. Nothing is stored until the request is sent.</summary>
internal sealed class CreateReceiptCommand(InstanceState instance, Argon2Gate gate)
{
    /// <summary>
    /// Draws a fresh receipt and derives its keys (waiting for a turn of the Argon2id gate); nothing is stored.
    /// </summary>
    public Task<(string Receipt, ReceiptKeys Keys)> ExecuteAsync(CancellationToken cancellationToken)
    {
        var pepper = instance.Required.Pepper;
        return gate.RunAsync(() =>
        {
            var receipt = Receipt.Generate();
            return (receipt, ReceiptDerivation.Derive(receipt, pepper));
        }, cancellationToken);
    }
}
