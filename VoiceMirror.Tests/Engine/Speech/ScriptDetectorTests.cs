using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Tests.Engine.Speech;

public sealed class ScriptDetectorTests
{
    [Theory]
    [InlineData("Привет! Меня зовут Виктор.", "ru")]
    [InlineData("Hello, my name is Victor.", "en")]
    [InlineData("Ёж и щука", "ru")]
    [InlineData("Встреча в 10:00 с John", "ru")]          // mostly Cyrillic
    [InlineData("Meeting with the team about Путин", "en")] // mostly Latin
    [InlineData("12345 !?", "en")]                         // no letters: default English
    [InlineData("", "en")]
    public void CyrillicMajorityMeansRussianOtherwiseEnglish(string text, string language) =>
        Assert.Equal(language, ScriptDetector.DetectLanguage(text));
}
