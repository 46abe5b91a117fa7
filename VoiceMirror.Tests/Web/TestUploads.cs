using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace VoiceMirror.Tests.Web;

/// Request bodies and crafted files for the API tests.
public static class TestUploads
{
    public static byte[] Image(string name) => File.ReadAllBytes(VoiceMirrorAppFactory.TestDataPath("images", name));

    public static MultipartFormDataContent Form(byte[]? image, string? name, string? description = null,
        string fileName = "photo.png", string contentType = "image/png")
    {
        var form = new MultipartFormDataContent();
        if (image is not null)
        {
            var file = new ByteArrayContent(image);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(file, "image", fileName);
        }
        if (name is not null) form.Add(new StringContent(name), "name");
        if (description is not null) form.Add(new StringContent(description), "description");
        return form;
    }

    public static async Task<int> UploadAsync(HttpClient client, string image = "astronaut.png", string name = "Астронавт")
    {
        using var response = await client.PostAsync("/avatar/upload", Form(Image(image), name));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
    }

    /// A valid PNG of a few dozen bytes whose header declares width x height: decoding it would need gigabytes.
    public static byte[] DecompressionBomb(int width = 30000, int height = 30000)
    {
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        Chunk(png, "IHDR", ihdr);
        // zlib stream of 64 KB of zeros: a tiny start of the huge image
        var deflated = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(deflated, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            z.Write(new byte[65536]);
        Chunk(png, "IDAT", deflated.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, header.AsSpan(4));
        png.Write(header);
        png.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. header.AsSpan(4).ToArray(), .. data]));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
