using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace VoiceMirror.Tests.Web.Api;

[Collection(WebCollection.Name)]
public sealed class AvatarUploadTests(VoiceMirrorAppFactory app) : IClassFixture<VoiceMirrorAppFactory>
{
    private HttpClient Client(string? language = null)
    {
        var client = app.CreateClient();
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }

    [Fact]
    public async Task UploadingAstronautReturnsContractFieldsAndStoresAMetadataFreeJpeg()
    {
        using var response = await Client().PostAsync("/avatar/upload", TestUploads.Form(TestUploads.Image("astronaut.png"), "Мой аватар", "Описание аватара"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = body.GetProperty("id").GetInt32();
        Assert.Equal("Мой аватар", body.GetProperty("name").GetString());
        Assert.Equal("Аватар успешно создан", body.GetProperty("message").GetString());
        var imageUrl = body.GetProperty("imageUrl").GetString()!;
        Assert.Matches(@"^http://localhost/uploads/avatar-[0-9a-f]{16}\.jpg$", imageUrl);

        var stored = await Client().GetByteArrayAsync(imageUrl);
        Assert.Equal([0xFF, 0xD8], stored[..2]);
        using var image = Image.Load<Rgb24>(stored);
        Assert.Equal((512, 512), (image.Width, image.Height));
        Assert.Null(image.Metadata.ExifProfile);

        var listed = JsonDocument.Parse(await Client().GetStringAsync("/avatar")).RootElement.EnumerateArray().Single(a => a.GetProperty("id").GetInt32() == id);
        Assert.Equal(["id", "name", "imageUrl", "description", "createdAt", "updatedAt", "face"], listed.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Описание аватара", listed.GetProperty("description").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", listed.GetProperty("createdAt").GetString());
        Assert.True(listed.GetProperty("face").GetProperty("width").GetInt32() > 48);
    }

    public static TheoryData<string> Languages => new() { "ru", "en" };

    [Theory, MemberData(nameof(Languages))]
    public Task UploadWithoutImageIsRefused(string language) =>
        AssertRefusedAsync(TestUploads.Form(null, "Имя"), language, HttpStatusCode.BadRequest, "ImageRequired");

    [Theory, MemberData(nameof(Languages))]
    public Task UploadOfGifIsRefusedAsUnsupported(string language)
    {
        using var gif = new Image<Rgb24>(64, 64);
        var bytes = new MemoryStream();
        gif.SaveAsGif(bytes);
        return AssertRefusedAsync(TestUploads.Form(bytes.ToArray(), "Имя", fileName: "photo.png", contentType: "image/png"),
            language, HttpStatusCode.BadRequest, "UnsupportedImage");
    }

    [Theory, MemberData(nameof(Languages))]
    public Task UploadOfTextFileNamedJpgIsRefusedAsUnsupported(string language) =>
        AssertRefusedAsync(TestUploads.Form("not a photo at all"u8.ToArray(), "Имя", fileName: "photo.jpg", contentType: "image/jpeg"),
            language, HttpStatusCode.BadRequest, "UnsupportedImage");

    [Theory, MemberData(nameof(Languages))]
    public Task UploadLargerThanFiveMegabytesIsRefusedWith413(string language)
    {
        var big = new byte[5 * 1024 * 1024 + 1];
        TestUploads.Image("astronaut.png").CopyTo(big, 0);
        return AssertRefusedAsync(TestUploads.Form(big, "Имя"), language, HttpStatusCode.RequestEntityTooLarge, "ImageTooLarge", 5);
    }

    [Theory, MemberData(nameof(Languages))]
    public Task DecompressionBombIsRefusedFromItsHeader(string language)
    {
        var bomb = TestUploads.DecompressionBomb();
        Assert.True(bomb.Length < 2000);
        return AssertRefusedAsync(TestUploads.Form(bomb, "Имя"), language, HttpStatusCode.BadRequest, "ImageDimensionsTooLarge", 30000, 30000, 8192);
    }

    [Theory, MemberData(nameof(Languages))]
    public Task PhotoWithoutFaceIsRefused(string language) =>
        AssertRefusedAsync(TestUploads.Form(TestUploads.Image("chelsea.png"), "Кот"), language, HttpStatusCode.UnprocessableEntity, "NoFace");

    [Theory, MemberData(nameof(Languages))]
    public Task EmptyNameIsRefused(string language) =>
        AssertRefusedAsync(TestUploads.Form(TestUploads.Image("astronaut.png"), "   "), language, HttpStatusCode.BadRequest, "NameRequired");

    [Theory, MemberData(nameof(Languages))]
    public Task FaceThatWouldBeTooSmallInTheVideoIsRefused(string language)
    {
        // The astronaut's face shrinks to a quarter when the photo is padded into a 4x wider canvas and fitted to 512x512.
        using var photo = Image.Load<Rgb24>(TestUploads.Image("astronaut.png"));
        using var wide = new Image<Rgb24>(2048, 2048);
        wide.Mutate(c => c.DrawImage(photo, new Point(768, 768), 1f));
        var bytes = new MemoryStream();
        wide.SaveAsPng(bytes);
        return AssertRefusedAsync(TestUploads.Form(bytes.ToArray(), "Далеко"), language, HttpStatusCode.UnprocessableEntity, "FaceTooSmall");
    }

    [Fact]
    public async Task EditingAndDeletingAnAvatarChangesTheListAndRemovesItsFiles()
    {
        var id = await TestUploads.UploadAsync(Client());
        using var edit = await Client().PatchAsJsonAsync($"/avatar/{id}", new { name = "Виктор", description = "Ведущий" });
        var edited = JsonDocument.Parse(await edit.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Виктор", edited.GetProperty("name").GetString());
        Assert.Equal("Ведущий", edited.GetProperty("description").GetString());
        var file = Path.GetFileName(new Uri(edited.GetProperty("imageUrl").GetString()!).LocalPath);
        Assert.Contains(file, app.UploadedFiles());

        using var delete = await Client().DeleteAsync($"/avatar/{id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.DoesNotContain(file, app.UploadedFiles());
        await ProblemAssert.IsProblemAsync(await Client().GetAsync($"/avatar/{id}/animations"), HttpStatusCode.NotFound, "AvatarNotFound", "ru", null, id);
    }

    private async Task AssertRefusedAsync(MultipartFormDataContent form, string language, HttpStatusCode status, string code, params object?[] args)
    {
        var rows = app.WithDb(db => db.Avatars.Count());
        var files = app.UploadedFiles();
        using var response = await Client(language).PostAsync("/avatar/upload", form);
        await ProblemAssert.IsProblemAsync(response, status, code, language, null, args);
        Assert.Equal(rows, app.WithDb(db => db.Avatars.Count()));
        Assert.Equal(files, app.UploadedFiles());
        Assert.Empty(Directory.GetFiles(app.DataDir, "*.part", SearchOption.AllDirectories));
    }
}
