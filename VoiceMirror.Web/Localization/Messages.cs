using System.Globalization;
using VoiceMirror.Engine;

namespace VoiceMirror.Web.Localization;

/// User-facing texts in Russian (default) and English, keyed by EngineError name or a validation key.
/// The API's ProblemDetails and the Blazor UI both read them here.
public static class Messages
{
    public static string Get(string key, params object?[] args) => Get(key, CultureInfo.CurrentUICulture, args);

    public static string Get(string key, CultureInfo culture, params object?[] args)
    {
        var table = culture.TwoLetterISOLanguageName == "en" ? En : Ru;
        var format = table.GetValueOrDefault(key) ?? Ru.GetValueOrDefault(key) ?? key;
        return args.Length == 0 ? format : string.Format(culture, format, args);
    }

    public static string For(EngineError error) => Get(error.ToString());

    public static bool Has(string key) => Ru.ContainsKey(key);

    private static readonly Dictionary<string, string> Ru = new()
    {
        [nameof(EngineError.CorruptImage)] = "Не удалось прочитать изображение: файл повреждён.",
        [nameof(EngineError.UnsupportedImage)] = "Поддерживаются только изображения JPG и PNG.",
        [nameof(EngineError.NoFace)] = "На фото не найдено лицо. Загрузите фото, где лицо хорошо видно анфас.",
        [nameof(EngineError.MultipleFaces)] = "На фото несколько лиц. Загрузите фото с одним человеком.",
        [nameof(EngineError.FaceTooSmall)] = "Лицо на фото слишком маленькое. Загрузите фото крупнее.",
        [nameof(EngineError.EmptyText)] = "Текст пустой.",
        [nameof(EngineError.TextTooLong)] = "Текст слишком длинный.",
        [nameof(EngineError.UnknownVoice)] = "Неизвестный голос.",
        [nameof(EngineError.SpeechFailed)] = "Не удалось синтезировать речь.",
        [nameof(EngineError.CorruptAudio)] = "Не удалось прочитать аудио: файл повреждён.",
        [nameof(EngineError.EmptyAudio)] = "Аудио пустое.",
        [nameof(EngineError.SilentAudio)] = "В аудио только тишина.",
        [nameof(EngineError.ModelMissing)] = "Модель не установлена. Установите её (см. models/README.md).",
        [nameof(EngineError.ModelUnsupported)] = "Файл модели не подходит.",
        [nameof(EngineError.VoiceProviderFailed)] = "Сервис синтеза речи вернул ошибку.",
        [nameof(EngineError.VoiceCloningUnsupported)] = "Этот сервис не умеет клонировать голос.",
        [nameof(EngineError.EncodingFailed)] = "Не удалось закодировать видео.",
        [nameof(EngineError.UnknownEngine)] = "Неизвестный движок анимации.",
        [nameof(EngineError.EngineUnavailable)] = "Этот движок анимации не установлен.",
        ["RenderFailed"] = "Не удалось создать видео.",
        ["ImageRequired"] = "Добавьте фото в поле image.",
        ["ImageTooLarge"] = "Фото больше {0} МБ.",
        ["ImageDimensionsTooLarge"] = "Фото слишком большое: {0}x{1} пикселей (не более {2} по стороне).",
        [nameof(EngineError.ImageTooManyPixels)] = "Фото слишком большое: {0}x{1} пикселей (не более {2} мегапикселей).",
        [nameof(EngineError.PhotoQueueFull)] = "Сервер занят обработкой других фото. Повторите через {0} с.",
        ["BodyTooLarge"] = "Запрос слишком большой (не более {0} МБ).",
        ["NameRequired"] = "Укажите имя аватара (поле name).",
        ["NameTooLong"] = "Имя аватара длиннее {0} символов.",
        ["DescriptionTooLong"] = "Описание длиннее {0} символов.",
        ["TextRequired"] = "Укажите текст, который произнесёт аватар (поле text).",
        ["TextTooLongLimit"] = "Текст длиннее {0} символов.",
        ["UnknownVoiceId"] = "Голос «{0}» не найден.",
        ["UnknownEngineId"] = "Движок «{0}» не существует. Укажите mirror (встроенный) или wav2lip.",
        ["EngineNotInstalled"] = "Движок «{0}» не установлен на сервере. Уберите поле engine (будет встроенный движок) или установите модель: bash models/install.sh.",
        ["CloningNotAvailable"] = "Клонирование голоса недоступно: не настроен сервис, который это умеет (например, ElevenLabs).",
        ["ConsentRequired"] = "Клонировать голос можно только с согласия его владельца: передайте consent=true.",
        ["VoiceNameRequired"] = "Укажите имя голоса (поле name).",
        ["VoiceNameTooLong"] = "Имя голоса длиннее {0} символов.",
        ["SamplesRequired"] = "Добавьте хотя бы одну запись голоса (поле samples).",
        ["TooManySamples"] = "Не больше {0} записей голоса.",
        ["SampleTooLarge"] = "Запись «{0}» больше {1} МБ.",
        ["SamplesTooLarge"] = "Записи голоса вместе больше {0} МБ.",
        ["SampleUnreadable"] = "Запись «{0}» не удалось прочитать как аудио.",
        ["SampleSilent"] = "В записи «{0}» только тишина.",
        ["BodyRequired"] = "Тело запроса пустое или не является JSON.",
        ["AvatarNotFound"] = "Аватар {0} не найден.",
        ["AnimationNotFound"] = "Анимация {0} не найдена.",
        ["AvatarCreated"] = "Аватар успешно создан",
        ["AvatarUpdated"] = "Аватар обновлён",
        ["Unexpected"] = "Внутренняя ошибка сервера.",
        ["Title400"] = "Неверный запрос",
        ["Title404"] = "Не найдено",
        ["Title405"] = "Метод не поддерживается",
        ["Title415"] = "Неподдерживаемый формат запроса",
        ["RouteNotFound"] = "Адрес {0} не найден. Список методов API — на /api.",
        ["MethodNotAllowed"] = "Метод {0} не поддерживается для {1}.",
        ["UnsupportedMediaType"] = "Формат тела запроса не поддерживается: загрузка фото — multipart/form-data, остальные запросы — application/json.",
        ["Title413"] = "Слишком большой запрос",
        ["Title422"] = "Фото не подходит",
        ["Title500"] = "Ошибка сервера",
        ["Title502"] = "Ошибка внешнего сервиса",
        ["Title503"] = "Сервис недоступен",
    };

    private static readonly Dictionary<string, string> En = new()
    {
        [nameof(EngineError.CorruptImage)] = "The image could not be read: the file is damaged.",
        [nameof(EngineError.UnsupportedImage)] = "Only JPG and PNG images are supported.",
        [nameof(EngineError.NoFace)] = "No face was found in the photo. Upload a photo with a clearly visible frontal face.",
        [nameof(EngineError.MultipleFaces)] = "The photo shows several faces. Upload a photo of one person.",
        [nameof(EngineError.FaceTooSmall)] = "The face in the photo is too small. Upload a closer photo.",
        [nameof(EngineError.EmptyText)] = "The text is empty.",
        [nameof(EngineError.TextTooLong)] = "The text is too long.",
        [nameof(EngineError.UnknownVoice)] = "Unknown voice.",
        [nameof(EngineError.SpeechFailed)] = "Speech synthesis failed.",
        [nameof(EngineError.CorruptAudio)] = "The audio could not be read: the file is damaged.",
        [nameof(EngineError.EmptyAudio)] = "The audio is empty.",
        [nameof(EngineError.SilentAudio)] = "The audio is silent.",
        [nameof(EngineError.ModelMissing)] = "A model is not installed. Install it (see models/README.md).",
        [nameof(EngineError.ModelUnsupported)] = "The model file is not supported.",
        [nameof(EngineError.VoiceProviderFailed)] = "The speech service returned an error.",
        [nameof(EngineError.VoiceCloningUnsupported)] = "This speech service cannot clone voices.",
        [nameof(EngineError.EncodingFailed)] = "The video could not be encoded.",
        [nameof(EngineError.UnknownEngine)] = "Unknown animation engine.",
        [nameof(EngineError.EngineUnavailable)] = "This animation engine is not installed.",
        ["RenderFailed"] = "The video could not be made.",
        ["ImageRequired"] = "Attach a photo in the image field.",
        ["ImageTooLarge"] = "The photo is larger than {0} MB.",
        ["ImageDimensionsTooLarge"] = "The photo is too large: {0}x{1} pixels (at most {2} per side).",
        [nameof(EngineError.ImageTooManyPixels)] = "The photo is too large: {0}x{1} pixels (at most {2} megapixels).",
        [nameof(EngineError.PhotoQueueFull)] = "The server is busy with other photos. Try again in {0} s.",
        ["BodyTooLarge"] = "The request is too large (at most {0} MB).",
        ["NameRequired"] = "Give the avatar a name (field name).",
        ["NameTooLong"] = "The avatar name is longer than {0} characters.",
        ["DescriptionTooLong"] = "The description is longer than {0} characters.",
        ["TextRequired"] = "Give the text for the avatar to speak (field text).",
        ["TextTooLongLimit"] = "The text is longer than {0} characters.",
        ["UnknownVoiceId"] = "Voice '{0}' was not found.",
        ["UnknownEngineId"] = "There is no engine '{0}'. Use mirror (built in) or wav2lip.",
        ["EngineNotInstalled"] = "Engine '{0}' is not installed on this server. Leave out the engine field (the built-in engine renders) or install its model: bash models/install.sh.",
        ["CloningNotAvailable"] = "Voice cloning is not available: no service that can clone (such as ElevenLabs) is configured.",
        ["ConsentRequired"] = "A voice may only be cloned with its owner's consent: send consent=true.",
        ["VoiceNameRequired"] = "Give the voice a name (field name).",
        ["VoiceNameTooLong"] = "The voice name is longer than {0} characters.",
        ["SamplesRequired"] = "Attach at least one recording of the voice (field samples).",
        ["TooManySamples"] = "At most {0} recordings of the voice.",
        ["SampleTooLarge"] = "Recording '{0}' is larger than {1} MB.",
        ["SamplesTooLarge"] = "The recordings together are larger than {0} MB.",
        ["SampleUnreadable"] = "Recording '{0}' could not be read as audio.",
        ["SampleSilent"] = "Recording '{0}' is silent.",
        ["BodyRequired"] = "The request body is empty or not JSON.",
        ["AvatarNotFound"] = "Avatar {0} was not found.",
        ["AnimationNotFound"] = "Animation {0} was not found.",
        ["AvatarCreated"] = "Avatar created",
        ["AvatarUpdated"] = "Avatar updated",
        ["Unexpected"] = "Internal server error.",
        ["Title400"] = "Bad request",
        ["Title404"] = "Not found",
        ["Title405"] = "Method not allowed",
        ["Title415"] = "Unsupported request format",
        ["RouteNotFound"] = "{0} was not found. The API is listed at /api.",
        ["MethodNotAllowed"] = "{0} is not supported for {1}.",
        ["UnsupportedMediaType"] = "Unsupported request body format: photo uploads are multipart/form-data, other requests application/json.",
        ["Title413"] = "Request too large",
        ["Title422"] = "Unsuitable photo",
        ["Title500"] = "Server error",
        ["Title502"] = "Upstream service error",
        ["Title503"] = "Service unavailable",
    };
}
