using System.Globalization;
using System.Net;
using System.Text;

namespace ClaimsLedger.Api.Reports.Render;

/// <summary>
/// The only way renderers turn values into text: invariant culture, fixed decimals, UTC instants, "\n" line
/// ends. Anything the machine's culture, time zone or OS could change is decided here once.
/// </summary>
public static class ReportText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Number(decimal value) => value.ToString("0.0000", Inv);

    public static string Number(double value) => value.ToString("0.0000", Inv);

    public static string Integer(long value) => value.ToString(Inv);

    public static string Instant(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", Inv);

    public static string Published(ReportSource s) =>
        $"{s.Published} ({s.PublishedPrecision}{(s.PublishedApproximate ? ", approximate" : "")})";

    public static string Range(AlignmentReport r) => r.ValidFrom is null && r.ValidTo is null
        ? "all valid times"
        : $"valid time overlapping {r.ValidFrom ?? "…"} to {r.ValidTo ?? "…"}";

    /// <summary>Text and attribute content: WebUtility encodes &amp; &lt; &gt; " and ' (and non-ASCII as numeric references).</summary>
    public static string Html(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>
    /// A table cell: line breaks would end the table, so they become spaces; every character Markdown gives a meaning
    /// is backslash-escaped, so a statement such as "[x](javascript:…)" or "&lt;img onerror=…&gt;" reads as the text it is
    /// and never becomes a live link, image or HTML in a renderer.
    /// </summary>
    public static string Markdown(string? text)
    {
        var md = new StringBuilder();
        foreach (var c in text ?? "")
        {
            if (c is '\r' or '\n') md.Append(' ');
            else if (MarkdownMeta.Contains(c)) md.Append('\\').Append(c);
            else md.Append(c);
        }
        return md.ToString();
    }

    private const string MarkdownMeta = "\\`*_{}[]<>()#!|~&";

    /// <summary>RFC 4180: quote a field holding a comma, quote or line break, and double its quotes.</summary>
    public static string Csv(string? text)
    {
        text ??= "";
        return text.IndexOfAny([',', '"', '\r', '\n']) < 0 ? text : $"\"{text.Replace("\"", "\"\"")}\"";
    }

    /// <summary>A builder whose AppendLine always writes "\n", whatever Environment.NewLine is.</summary>
    public sealed class Lines
    {
        private readonly StringBuilder _text = new();
        public Lines Add(string line = "") { _text.Append(line).Append('\n'); return this; }
        public Lines Append(string text) { _text.Append(text); return this; }
        public override string ToString() => _text.ToString();
    }
}
