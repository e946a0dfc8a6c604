using System.Globalization;
using ClaimsLedger.Api.Alignment;

namespace ClaimsLedger.Api.Changes;

/// <summary>
/// One <c>alignment.changed</c> notification: one subject's scores moved by one event. <see cref="Cursor"/> is
/// <c>{sequence}:{subject}</c>, since one event can move several subjects.
/// </summary>
/// <param name="Cursor"><c>{sequence}:{subject}</c>: the <c>after</c> (or Last-Event-ID) that resumes after this change; as a webhook, its id is <c>aln_{sequence}_{subject}</c>.</param>
/// <param name="Sequence">The ledger position of the event that caused the change.</param>
/// <param name="Subject">The country or region whose alignment moved.</param>
/// <param name="Timestamp">When the causing event was recorded.</param>
/// <param name="EventType">The causing event's type (claim_extracted, claim_retracted, source_reliability_graded, …).</param>
/// <param name="ClaimId">The claim the causing event is about, if it is about one.</param>
/// <param name="SourceId">The source the causing event is about, if it is about one (a regrade moves every subject citing it).</param>
/// <param name="Actor">Who caused the event.</param>
/// <param name="Reason">The reason given with the causing event, if it takes one.</param>
/// <param name="CorrelationId">The correlation id of the request that wrote the causing event.</param>
/// <param name="Changes">Every score cell of the subject that moved, with its value before and after.</param>
public sealed record AlignmentChangeEntry(string Cursor, long Sequence, string Subject, DateTimeOffset Timestamp, string EventType, string? ClaimId,
    string? SourceId, string? Actor, string? Reason, string? CorrelationId, IReadOnlyList<ScoreChange> Changes)
{
    public const string Type = "alignment.changed";

    public static AlignmentChangeEntry From(AlignmentChange c) => new(new AlignmentCursor(c.Sequence, c.Subject).ToString(), c.Sequence, c.Subject,
        c.Timestamp, c.EventType, c.ClaimId, c.SourceId, c.Actor, c.Reason, c.CorrelationId, c.Changes);
}

/// <summary>A page of alignment changes; <see cref="Position"/> is how far the alignment projection has come.</summary>
/// <param name="Items">The changes after <c>after</c>, in (sequence, subject) order, at most <c>limit</c>.</param>
/// <param name="Next">The <c>after</c> of the next page (a cursor); absent when this page was not full.</param>
/// <param name="Position">The ledger position the alignment projection has reached: changes caused by later events are not listed yet.</param>
public sealed record AlignmentChangePage(IReadOnlyList<AlignmentChangeEntry> Items, string? Next, long Position);

/// <summary>
/// Where a reader of alignment changes is: after the change of <see cref="Subject"/> at <see cref="Sequence"/>, or, with no
/// subject, after every change caused by events up to <see cref="Sequence"/> (so a write's position is a cursor too).
/// </summary>
public readonly record struct AlignmentCursor(long Sequence, string? Subject)
{
    public const string Rule = "must be a position (a whole number) or a cursor {position}:{subject} from a previous page.";

    public static bool TryParse(string? text, out AlignmentCursor cursor)
    {
        cursor = default;
        // Absent is the start; present but empty (after=) is no position, refused as /api/changes refuses it.
        if (text is null) return true;
        var colon = text.IndexOf(':');
        var number = colon < 0 ? text : text[..colon];
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)) return false;
        var subject = colon < 0 ? null : text[(colon + 1)..];
        if (subject is not null && !Vocabulary.Codes.IsSubject(subject)) return false;
        cursor = new AlignmentCursor(sequence, subject);
        return true;
    }

    public override string ToString() => Subject is null ? Sequence.ToString(CultureInfo.InvariantCulture) : $"{Sequence}:{Subject}";
}

/// <summary>
/// The alignment projection's change documents in (sequence, subject) order. The projection writes them in the same
/// transaction as its progress, batch after batch in sequence order, so whatever is visible is a gap-free prefix: a cursor
/// never steps over a change that appears later. Reads go through the (sequence) index on the change documents.
/// </summary>
public static class AlignmentChangeFeed
{
    public static async Task<AlignmentChangePage> ReadAsync(IQuerySession session, AlignmentCursor after, IReadOnlyList<string> subjects, int limit,
        long position, CancellationToken ct)
    {
        var items = (await AfterAsync(session, after, subjects, limit, ct)).Select(AlignmentChangeEntry.From).ToList();
        return new AlignmentChangePage(items, items.Count == limit ? items[^1].Cursor : null, position);
    }

    /// <summary>
    /// The change documents after a cursor that moved a score, in (sequence, subject) order, through the sequence (or subject)
    /// index. A change that moved contributions but no score (a recoded valid time, evidence that matters only to an earlier
    /// publication cut-off) is not an <c>alignment.changed</c>: it has no score to report, as the history leaves it out.
    /// </summary>
    public static Task<IReadOnlyList<AlignmentChange>> AfterAsync(IQuerySession session, AlignmentCursor after, IReadOnlyList<string> subjects, int limit,
        CancellationToken ct)
    {
        // A subject of "" sorts before every subject, so a bare position means "after every change at it or before".
        var (sequence, subject) = after.Subject is null ? (after.Sequence + 1, "") : (after.Sequence, after.Subject);
        var filter = subjects.Count > 0 ? " and d.subject = any(?)" : "";
        object[] parameters = subjects.Count > 0
            ? [sequence, sequence, subject, subjects.ToArray(), limit]
            : [sequence, sequence, subject, limit];
        return session.QueryAsync<AlignmentChange>(
            $"where d.sequence >= ? and (d.sequence > ? or d.subject > ?) and d.moves_scores{filter} order by d.sequence, d.subject limit ?", ct, parameters);
    }
}
