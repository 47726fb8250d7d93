using Haven.Web.Pages.Intake;
using Microsoft.AspNetCore.Http;

namespace Haven.Web.Tests.Intake;

/// <summary>The refusal every message form gives: the error, the files asked for again, the status and Retry-After.</summary>
public sealed class FormRefusalTests
{
    [Theory]
    [InlineData(400, 0, false, false)]
    [InlineData(400, 2, true, false)]
    [InlineData(429, 1, true, true)]
    [InlineData(503, 0, false, true)]
    [InlineData(507, 1, true, true)]
    public void A_refused_form_gets_its_error_the_files_again_its_status_and_when_to_retry(int status, int filesOffered, bool filesAgain, bool retryAfter)
    {
        var response = new DefaultHttpContext().Response;
        var errors = new List<string>();

        FormRefusal.Refuse(response, errors, "Error_Busy", status, filesOffered);

        Assert.Equal(filesAgain ? ["Error_Busy", FormRefusal.FilesAgain] : ["Error_Busy"], errors);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(retryAfter ? "60" : null, response.Headers.RetryAfter.ToString() is { Length: > 0 } value ? value : null);
    }

    [Fact]
    public void Errors_already_shown_are_not_shown_twice()
    {
        var errors = new List<string> { "Error_ReceiptUnknown" };

        FormRefusal.AddErrors(errors, "Error_ReceiptUnknown", filesOffered: 1);
        FormRefusal.AddErrors(errors, null, filesOffered: 1);

        Assert.Equal(["Error_ReceiptUnknown", FormRefusal.FilesAgain], errors);
    }
}
