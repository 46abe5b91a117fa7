using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine.Vision;
using Microsoft.JSInterop;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Limits;
using VoiceMirror.Web.Localization;

namespace VoiceMirror.Web.Components.Shared;

/// Picks a photo, previews it and creates the avatar through <see cref="AvatarService"/>, the same path as
/// POST /avatar/upload, so a refused photo gets the API's own words.
public sealed partial class UploadPanel
{
    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;
    [Inject] private IOptions<UploadOptions> Uploads { get; set; } = null!;
    [Inject] private PhotoAdmission Photos { get; set; } = null!;
    [Inject] private ILogger<UploadPanel> Logger { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private OwnerRateLimits Limits { get; set; } = null!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = null!;

    [Parameter] public EventCallback<Avatar> OnCreated { get; set; }

    private byte[]? _bytes;
    private long _size;
    private string? _fileName;
    private string? _preview;
    private string? _name;
    private string? _description;
    private string? _error;
    private bool _busy;
    private bool _reading;
    private bool _dragging;
    private InputFile? _input;

    private static readonly string[] ImageTypes = ["image/jpeg", "image/png"];

    private sealed record PickedImage(string Type, long Size, int Width, int Height);

    private string? WhyDisabled =>
        _busy || _reading ? null
        : _fileName is null ? UiText.Get("Upload.NeedPhoto")
        : string.IsNullOrWhiteSpace(_name) ? UiText.Get("Upload.NeedName")
        : null;

    // Not while the picked file is still coming over the circuit: submitting then would send a photo with no bytes.
    private bool CanSubmit => !_busy && !_reading && _fileName is not null && !string.IsNullOrWhiteSpace(_name);

    private string DropClass => "vm-drop" + (_dragging ? " dragging" : "") + (_preview is not null ? " has-preview" : "");

    private async Task OnPickedAsync(InputFileChangeEventArgs e)
    {
        _dragging = false;
        _error = null;
        _preview = null;
        _bytes = null;
        var file = e.File;
        _fileName = file.Name;
        _size = file.Size;
        // The default name is the file name without extension, a start the user usually edits.
        if (string.IsNullOrWhiteSpace(_name)) _name = Path.GetFileNameWithoutExtension(file.Name);
        // Reading from the first await on: the page re-renders while the browser inspects the photo, and a click on
        // "Create" then would send a photo with no bytes.
        _reading = true;
        try
        {
            // Type, size and pixel size are read in the browser, so a photo that would be refused never travels.
            if (await RefusalInBrowserAsync(file) is { } refusal)
            {
                _error = refusal;
                _fileName = null;
                return;
            }
            var buffer = new MemoryStream((int)file.Size);
            await using (var stream = file.OpenReadStream(Uploads.Value.MaxImageBytes))
                await stream.CopyToAsync(buffer);
            _bytes = buffer.ToArray();
        }
        finally { _reading = false; }
        var bytes = _bytes;
        _preview = await Task.Run(() => PhotoPreview.DataUrlAsync(Photos, bytes, 640));
    }

    private async Task<string?> RefusalInBrowserAsync(IBrowserFile file)
    {
        var limits = Uploads.Value;
        if (file.Size > limits.MaxImageBytes) return Messages.Get("ImageTooLarge", limits.MaxImageMegabytes);
        PickedImage? picked = null;
        if (_input?.Element is { } element)
        {
            try { picked = await JS.InvokeAsync<PickedImage?>("vmUi.inspectImage", element); }
            catch (JSException e) { Logger.LogInformation(e, "The browser could not inspect the picked photo"); }
        }
        var type = picked?.Type is { Length: > 0 } t ? t : file.ContentType;
        if (!ImageTypes.Contains(type, StringComparer.OrdinalIgnoreCase)) return Messages.Get("UnsupportedImage");
        var maxSide = Photos.Limits.MaxSide;
        if (picked is { Width: > 0, Height: > 0 } && Math.Max(picked.Width, picked.Height) > maxSide)
            return Messages.Get("ImageDimensionsTooLarge", picked.Width, picked.Height, maxSide);
        if (picked is { Width: 0 }) return Messages.Get("CorruptImage");
        return null;
    }

    private async Task SubmitAsync()
    {
        if (!CanSubmit) return;
        _busy = true;
        _error = null;
        try
        {
            // The API's upload window, shared with this user's keys; refused before the photo is read, and the form
            // keeps what was picked and typed for a later try.
            Limits.Take(LimitsExtensions.Upload, (await Auth.GetAuthenticationStateAsync()).User);
            // An oversized file is handed over by its declared length only: the service refuses it before reading.
            var content = _bytes is null ? Stream.Null : new MemoryStream(_bytes, writable: false);
            var length = _bytes?.LongLength ?? _size;
            // Face detection is CPU work; off the circuit's thread so the spinner keeps turning.
            var avatar = await Task.Run(() => Scopes.RunAsync<AvatarService, Avatar>(
                s => s.CreateAsync(content, length, _fileName, _name, _description, CancellationToken.None)));
            Reset();
            await OnCreated.InvokeAsync(avatar);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!UiErrors.IsExpected(e)) Logger.LogError(e, "Avatar upload from the UI failed");
            _error = UiErrors.Describe(e);
        }
        finally { _busy = false; }
    }

    private void Reset()
    {
        _bytes = null;
        _fileName = _preview = _name = _description = _error = null;
        _size = 0;
    }
}
