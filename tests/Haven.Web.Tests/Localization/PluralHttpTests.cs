using System.Net;
using System.Text;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Localization;

/// <summary>
/// Counted phrases on real pages take the form the number needs: 21 is "one" in Russian («до 21 файла»,
/// «не более 21 символа»), 22 is "few", which a single plural form ("до 21 файлов") gets wrong.
/// </summary>
public sealed class PluralHttpTests
{
    [Fact]
    public async Task The_russian_request_page_counts_21_files_and_22_characters_in_the_right_form()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Files:MaxFilesPerMessage=21", "--Haven:Intake:MaxTextLength=22");
        using var person = server.CreateClient("ru");
        await person.AskForHelpAsync();
        var form = await person.GetAsync("/request");
        Assert.Contains("до 21 файла,", form.Html, StringComparison.Ordinal);

        var tooLong = await person.SubmitRequestAsync(new string('ж', 23));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("не более 22 символов.", tooLong.Html, StringComparison.Ordinal);

        var files = Enumerable.Range(0, 22).Select(i => ($"f{i}.txt", (HttpContent)new ByteArrayContent(Encoding.ASCII.GetBytes("x")))).ToList();
        var tooMany = await person.SubmitRequestWithFilesAsync("помогите", files);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.Status);
        Assert.Contains("не больше 21 файла.", tooMany.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_english_request_page_says_one_file_and_one_character()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Files:MaxFilesPerMessage=1", "--Haven:Intake:MaxTextLength=1");
        using var person = server.CreateClient("en");
        await person.AskForHelpAsync();
        Assert.Contains("up to 1 file,", (await person.GetAsync("/request")).Html, StringComparison.Ordinal);
        var tooLong = await person.SubmitRequestAsync("ab");
        Assert.Contains("at most 1 character.", tooLong.Html, StringComparison.Ordinal);
    }
}
