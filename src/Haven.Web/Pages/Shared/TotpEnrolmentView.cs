using Haven.Accounts;
using QRCoder;

namespace Haven.Web.Pages.Shared;

/// <summary>
/// What the TOTP enrolment block needs (<c>_TotpEnrolment</c>, shown by the set-up and the invitation page):
/// the secret to type in, and the same secret as a QR code drawn on the server as an inline SVG, so the page
/// loads no image from anywhere.
/// </summary>
/// <param name="Secret">The new TOTP secret, base32.</param>
/// <param name="AccountName">The responder's name, shown by the authenticator app.</param>
internal sealed record TotpEnrolmentView(string Secret, string AccountName)
{
    /// <summary>The provisioning URI as a QR code: an SVG <c>data:</c> URI.</summary>
    public string QrDataUri
    {
        get
        {
            var uri = TotpCodes.ProvisioningUri(Secret, AccountName);
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
            var svg = new SvgQRCode(data).GetGraphic(4);
            return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
        }
    }
}
