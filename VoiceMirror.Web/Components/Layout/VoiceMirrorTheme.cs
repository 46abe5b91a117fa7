using MudBlazor;

namespace VoiceMirror.Web.Components.Layout;

/// One light theme: an indigo-violet primary, a warm coral accent, soft grey background, rounded surfaces.
public static class VoiceMirrorTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#5b4bdb",
            PrimaryDarken = "#4536c2",
            Secondary = "#ff6f61",
            Tertiary = "#14b8a6",
            AppbarBackground = "#ffffff",
            AppbarText = "#1f1b3a",
            Background = "#f5f5fb",
            Surface = "#ffffff",
            TextPrimary = "#1f1b3a",
            TextSecondary = "#5f5b76",
            LinesDefault = "#e6e4f2",
            Success = "#15803d", // 5:1 on white, for text in that colour
            Error = "#dc2626",
            Info = "#2563eb",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "14px", AppbarHeight = "64px" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
            H4 = new H4Typography { FontWeight = "700", LetterSpacing = "-.02em" },
            H5 = new H5Typography { FontWeight = "700", LetterSpacing = "-.01em" },
            H6 = new H6Typography { FontWeight = "600" },
            Button = new ButtonTypography { TextTransform = "none", FontWeight = "600" },
        },
    };
}
