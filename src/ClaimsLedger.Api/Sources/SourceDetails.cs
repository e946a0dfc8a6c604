using ClaimsLedger.Api.Time;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ClaimsLedger.Api.Sources;

/// <summary>The read model of one source, served by GET /api/sources/{id}; also the text evidence is checked against.</summary>
public sealed class SourceDetails
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Carrier { get; set; } = "";
    public string? OriginalPublisher { get; set; }
    public bool Syndicated { get; set; }
    public string? Author { get; set; }
    public string Published { get; set; } = "";
    public DatePrecision PublishedPrecision { get; set; }
    public bool PublishedApproximate { get; set; }
    public string? Url { get; set; }
    public string? Language { get; set; }
    /// <summary>
    /// The full text; empty in a syndicated copy's document, whose text is its original's (stored once): read a source for
    /// its text with <see cref="LoadWithTextAsync"/>, which fills it in.
    /// </summary>
    public string Text { get; set; } = "";
    public int TextLength { get; set; }
    public string Sha256 { get; set; } = "";

    /// <summary>The source first registered with this text, when this one is a syndicated copy of it.</summary>
    public string? CopyOf { get; set; }

    /// <summary>The text's hash for an original, null for a copy: unique, so one text is registered as an original once.</summary>
    [NotServed]
    public string? OriginalSha256 { get; set; }
    public ReliabilityGrade? Reliability { get; set; }
    public string? ReliabilityReason { get; set; }
    public bool Retracted { get; set; }
    public string? RetractionReason { get; set; }
    public string RegisteredBy { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }
    public long Version { get; set; }

    /// <summary>Every grade with its record time, and when the source was retracted: what an as-of read needs.</summary>
    [NotServed]
    public List<SourceGrading> Gradings { get; set; } = [];

    [NotServed]
    public DateTimeOffset? RetractedAt { get; set; }

    /// <summary>The source as graded and retracted at a record time (its text never changes); null before it was registered.</summary>
    public SourceStanding? StandingAsOf(DateTimeOffset instant) => SourceStanding.AsOf(RegisteredAt, Gradings, RetractedAt, instant);

    /// <summary>
    /// Sources that repeat one original are one voice: corroboration counts distinct original publishers.
    /// </summary>
    public string IndependenceKey => IndependenceKeys.For(OriginalPublisher, Carrier);

    /// <summary>
    /// A source with its text, ready for evidence checks: a copy's text is read from its original (one more key lookup,
    /// copies only). The document is not saved back, so the text stays stored once.
    /// </summary>
    public static async Task<SourceDetails?> LoadWithTextAsync(IQuerySession session, string id, CancellationToken ct)
    {
        var source = string.IsNullOrEmpty(id) ? null : await session.LoadAsync<SourceDetails>(id, ct);
        if (source?.CopyOf is { } original && source.Text.Length == 0)
            source.Text = await session.Query<SourceDetails>().Where(s => s.Id == original).Select(s => s.Text).SingleAsync(ct);
        return source;
    }

    /// <summary>
    /// Many sources with their texts, as <see cref="LoadWithTextAsync"/> reads one: one load, and one more for the texts of
    /// the originals when copies are among them.
    /// </summary>
    public static async Task<IReadOnlyList<SourceDetails>> LoadManyWithTextAsync(IQuerySession session, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var sources = await session.LoadManyAsync<SourceDetails>(ct, [.. ids]);
        var copies = sources.Where(s => s.CopyOf is not null && s.Text.Length == 0).ToList();
        if (copies.Count == 0) return sources;
        var originals = copies.Select(s => s.CopyOf!).Distinct(StringComparer.Ordinal).ToArray();
        var texts = (await session.Query<SourceDetails>().Where(s => originals.Contains(s.Id)).Select(s => new { s.Id, s.Text }).ToListAsync(ct))
            .ToDictionary(t => t.Id, t => t.Text, StringComparer.Ordinal);
        foreach (var copy in copies) copy.Text = texts[copy.CopyOf!];
        return sources;
    }
}

public sealed record SourceGrading(DateTimeOffset RecordedAt, ReliabilityGrade Grade, string Reason);

/// <summary>How a source stood at some record time: its grade and whether it was retracted.</summary>
public sealed record SourceStanding(ReliabilityGrade? Grade, string? Reason, bool Retracted)
{
    public static SourceStanding? AsOf(DateTimeOffset registeredAt, IReadOnlyList<SourceGrading> gradings, DateTimeOffset? retractedAt, DateTimeOffset instant)
    {
        if (registeredAt > instant) return null;
        var grading = gradings.LastOrDefault(g => g.RecordedAt <= instant);
        return new SourceStanding(grading?.Grade, grading?.Reason, retractedAt <= instant);
    }
}

public static class IndependenceKeys
{
    public static string For(string? originalPublisher, string carrier) =>
        string.Join(' ', (originalPublisher ?? carrier).ToLowerInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

public sealed partial class SourceDetailsProjection : SingleStreamProjection<SourceDetails, string>
{
    // Replays overwrite documents in place rather than tearing the table down first: this projection never
    // deletes a document and its ids are stable, so reads keep seeing every document during a rebuild.
    public SourceDetailsProjection() => Options.TeardownDataOnRebuild = false;

    public SourceDetails Create(IEvent<SourceRegistered> @event)
    {
        var e = @event.Data;
        return new SourceDetails
        {
            Id = e.SourceId, Title = e.Title, Carrier = e.Carrier, OriginalPublisher = e.OriginalPublisher,
            Syndicated = e.Syndicated, Author = e.Author, Published = e.Published,
            PublishedPrecision = e.PublishedPrecision, PublishedApproximate = e.PublishedApproximate,
            Url = e.Url, Language = e.Language, Text = e.Text, TextLength = e.TextLength ?? e.Text.Length, Sha256 = e.Sha256,
            CopyOf = e.CopyOf, OriginalSha256 = e.CopyOf is null ? e.Sha256 : null,
            RegisteredBy = e.Actor, RegisteredAt = @event.Timestamp,
        };
    }

    /// <summary>A replay over an existing document (no teardown) starts the source afresh at its first event.</summary>
    public SourceDetails Apply(IEvent<SourceRegistered> @event, SourceDetails _) => Create(@event);

    public void Apply(IEvent<SourceReliabilityGraded> e, SourceDetails s)
    {
        s.Reliability = e.Data.Grade;
        s.ReliabilityReason = e.Data.Reason;
        s.Gradings.Add(new SourceGrading(e.Timestamp, e.Data.Grade, e.Data.Reason));
    }

    public void Apply(IEvent<SourceRetracted> e, SourceDetails s)
    {
        s.Retracted = true;
        s.RetractionReason = e.Data.Reason;
        s.RetractedAt = e.Timestamp;
    }
}
