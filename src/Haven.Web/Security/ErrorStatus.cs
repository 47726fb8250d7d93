using Microsoft.AspNetCore.Antiforgery;

namespace Haven.Web.Security;

/// <summary>Maps exceptions to the status a person should see: never a 500 for bad input.</summary>
internal static class ErrorStatus
{
    public static int ForException(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        AntiforgeryValidationException => StatusCodes.Status400BadRequest,
        Haven.Accounts.ServerBusyException => StatusCodes.Status503ServiceUnavailable,
        InvalidDataException => StatusCodes.Status400BadRequest,
        OperationCanceledException => StatusCodes.Status400BadRequest,
        _ when Haven.Storage.StorageFailure.IsStorageFailure(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
