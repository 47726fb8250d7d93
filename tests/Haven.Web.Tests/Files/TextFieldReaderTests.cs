using System.Text;
using Haven.Web.Files;

namespace Haven.Web.Tests.Files;

/// <summary>The text-field part of the streamed form reader: bounded and strictly UTF-8.</summary>
public sealed class TextFieldReaderTests
{
    [Fact]
    public async Task A_field_within_the_limit_is_read_whole()
    {
        var text = "помогите, " + new string('x', TextFieldReader.MaxBytes - 18);
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(TextFieldReader.MaxBytes, bytes.Length);

        var (value, read) = await TextFieldReader.ReadAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(text, value);
        Assert.Equal(bytes.Length, read);
    }

    [Fact]
    public async Task A_field_over_the_limit_is_refused_and_read_past()
    {
        var body = new MemoryStream(new byte[TextFieldReader.MaxBytes + 1]);

        var (value, read) = await TextFieldReader.ReadAsync(body, CancellationToken.None);

        Assert.Null(value);
        Assert.InRange(read, 0, TextFieldReader.MaxBytes);
        Assert.Equal(body.Length, body.Position);
    }

    [Theory]
    [InlineData(new byte[] { 0x68, 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task A_field_that_is_not_UTF8_is_refused_not_replaced(byte[] bytes)
    {
        var (value, read) = await TextFieldReader.ReadAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Null(value);
        Assert.Equal(-1, read);
    }
}
