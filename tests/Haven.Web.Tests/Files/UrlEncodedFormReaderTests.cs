using System.Text;
using Haven.Web.Files;
using Microsoft.AspNetCore.Http;

namespace Haven.Web.Tests.Files;

/// <summary>The url-encoded part of the streamed form reader: its bounds, on a request built in memory.</summary>
public sealed class UrlEncodedFormReaderTests
{
    [Fact]
    public async Task A_form_that_says_it_is_over_the_limit_is_refused_before_a_byte_is_read()
    {
        var body = new MemoryStream(Encoding.ASCII.GetBytes("Text=hello"));
        var request = Request(body, contentLength: UrlEncodedFormReader.MaxBytes + 1);

        var (problem, fields) = await UrlEncodedFormReader.ReadAsync(request, CancellationToken.None);

        Assert.Equal(UploadOutcome.FieldTooLarge, problem);
        Assert.Empty(fields);
        Assert.Equal(0, body.Position);
    }

    [Fact]
    public async Task A_form_over_the_framework_key_limit_is_refused_as_too_large()
    {
        var text = string.Join("&", Enumerable.Range(0, 1025).Select(i => $"k{i}=v"));
        var (problem, fields) = await UrlEncodedFormReader.ReadAsync(Request(text), CancellationToken.None);

        Assert.Equal(UploadOutcome.FieldTooLarge, problem);
        Assert.Empty(fields);
    }

    [Fact]
    public async Task A_form_within_the_limits_gives_every_value_in_order()
    {
        var (problem, fields) = await UrlEncodedFormReader.ReadAsync(Request("Input.Help=legal&Input.Text=%D0%BF%D0%BE%D0%BC%D0%BE%D0%B3%D0%B8%D1%82%D0%B5&Input.Help=shelter"), CancellationToken.None);

        Assert.Equal(UploadOutcome.None, problem);
        Assert.Equal("legal,shelter", fields["Input.Help"].ToString());
        Assert.Equal("помогите", fields["Input.Text"].ToString());
    }

    private static HttpRequest Request(string form)
    {
        var bytes = Encoding.ASCII.GetBytes(form);
        return Request(new MemoryStream(bytes), bytes.Length);
    }

    private static HttpRequest Request(Stream body, long contentLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.ContentLength = contentLength;
        context.Request.Body = body;
        return context.Request;
    }
}
