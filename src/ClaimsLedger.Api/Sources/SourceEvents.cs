using System.Text.Json.Serialization;
using ClaimsLedger.Api.Time;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Sources;

// The stored schema of a source stream (stream id: the source's slug). Events are never edited; a change
// to one of these records is a schema change and needs an upcaster.

/// <summary>Every event on a source stream names its source, so projections route them without listing each type.</summary>
public interface ISourceEvent : IActorEvent
{
    string SourceId { get; }
}

/// <summary>
/// A document entered the ledger. Its text never changes afterwards; a corrected text is a new source. A syndicated copy
/// (the same text from another carrier) is a source of its own whose event names the source first registered with that
/// text (<paramref name="CopyOf"/>) and carries its hash and length but not the text itself: the ledger stores a text once.
/// <paramref name="TextLength"/> is given by every registration since copies exist (older events: the text's length).
/// </summary>
public sealed record SourceRegistered(
    string SourceId,
    string Title,
    string Carrier,
    string? OriginalPublisher,
    bool Syndicated,
    string? Author,
    string Published,
    DatePrecision PublishedPrecision,
    bool PublishedApproximate,
    string? Url,
    string? Language,
    string Text,
    string Sha256,
    string Actor,
    string? CopyOf = null,
    int? TextLength = null) : ISourceEvent;

/// <summary>An analyst graded the source on the Admiralty scale (A reliable … E unreliable, F cannot be judged).</summary>
public sealed record SourceReliabilityGraded(string SourceId, ReliabilityGrade Grade, ReliabilityGrade? Previous, string Actor, string Reason)
    : ISourceEvent, IReasonedEvent;

/// <summary>The source is withdrawn: claims it supported no longer count it as evidence.</summary>
public sealed record SourceRetracted(string SourceId, string Actor, string Reason) : ISourceEvent, IReasonedEvent;

// Grades are written as the letters themselves, whatever naming policy the serializer applies to enums.
/// <summary>A source's reliability on the Admiralty (NATO) scale; the grade weighs every claim the source supports.</summary>
public enum ReliabilityGrade
{
    /// <summary>Completely reliable: weight 1.0.</summary>
    [JsonStringEnumMemberName("A")] A,

    /// <summary>Usually reliable: weight 0.8.</summary>
    [JsonStringEnumMemberName("B")] B,

    /// <summary>Fairly reliable: weight 0.6.</summary>
    [JsonStringEnumMemberName("C")] C,

    /// <summary>Not usually reliable: weight 0.4.</summary>
    [JsonStringEnumMemberName("D")] D,

    /// <summary>Unreliable: weight 0.2.</summary>
    [JsonStringEnumMemberName("E")] E,

    /// <summary>Reliability cannot be judged: weight 0.5, as for a source not graded yet.</summary>
    [JsonStringEnumMemberName("F")] F,
}
