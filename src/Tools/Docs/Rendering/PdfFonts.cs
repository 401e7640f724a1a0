using PdfSharp.Fonts;
using PdfSharp.WPFonts;

namespace McpGateway.Tools.Docs.Rendering;

/// <summary>
/// The fonts of generated PDFs: the Segoe WP faces shipped inside PDFsharp (no system fonts, so every machine and
/// container produces the same bytes). Italic is simulated; <see cref="MonoFamily"/> uses the light face.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "Document Sans";
    public const string MonoFamily = "Document Code";

    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>Installs the resolver once for the process.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (!_installed)
            {
                GlobalFontSettings.FontResolver = new PdfFonts();
                _installed = true;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var face = familyName == MonoFamily ? "SegoeWPSemilight" : bold ? "SegoeWPBold" : "SegoeWP";
        return new FontResolverInfo(face, false, italic);
    }

    public byte[]? GetFont(string faceName) => faceName switch
    {
        "SegoeWPBold" => FontDataHelper.SegoeWPBold,
        "SegoeWPSemilight" => FontDataHelper.SegoeWPSemilight,
        _ => FontDataHelper.SegoeWP,
    };
}
