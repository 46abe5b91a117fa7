using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceMirror.Tests.Web.Storage;

[Collection(WebCollection.Name)]
public sealed class DataProtectionKeysTests
{
    [Fact]
    public void DataProtectedBeforeARestartIsReadableAfterItBecauseKeysLiveInTheDataFolder()
    {
        var keys = Directory.CreateTempSubdirectory("voicemirror-keys-").FullName;
        try
        {
            string token;
            using (var before = new VoiceMirrorAppFactory())
            {
                before.Settings["VoiceMirror:Storage:KeysPath"] = keys;
                token = before.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("circuit").Protect("state");
            }
            Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));

            using var after = new VoiceMirrorAppFactory();
            after.Settings["VoiceMirror:Storage:KeysPath"] = keys;
            Assert.Equal("state", after.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("circuit").Unprotect(token));
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }
}
