using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// Reads a subject's alignment at a position of the event log without folding it: the cells from the subject's document
/// (now) or from the nearest snapshot plus at most <see cref="AlignmentSnapshot.Interval"/> − 1 changes (as of a record
/// time), and the contributions from the spans covering that position, in weight order, a page or the top few at a time.
/// </summary>
public static class AlignmentReader
{
    /// <summary>The cells now, and the last event that changed them.</summary>
    public static async Task<(AlignmentCells Cells, long LastSequence)> CurrentAsync(IQuerySession session, string subject, CancellationToken ct)
    {
        var current = await session.LoadAsync<SubjectAlignment>(subject, ct);
        return (current?.Cells ?? new AlignmentCells(), current?.LastSequence ?? 0);
    }

    /// <summary>The cells as the ledger held them at a record time, and the last event by then that changed them (0: none).</summary>
    public static async Task<(AlignmentCells Cells, long LastSequence)> AsOfAsync(IQuerySession session, string subject, DateTimeOffset asOf,
        CancellationToken ct)
    {
        var read = await AsOfWithHeaviestAsync(session, subject, asOf, 0, ct);
        return (read.Cells, read.LastSequence);
    }

    /// <summary>
    /// An alignment as of a record time in one statement: the cells, the last event by then that changed them, the
    /// <paramref name="top"/> heaviest contributions in force there (<see cref="PageAsync"/>'s first page) and how many
    /// contradictions about the subject stood unresolved then (<see cref="Contradictions.ContradictionViews.UnresolvedAsync"/>).
    /// It was five statements one after another, each a LINQ translation, a trip to PostgreSQL and a plan: ~0.65 ms of API and
    /// ~0.7 ms of PostgreSQL CPU per read on a kept 20k benchmark ledger, against ~0.3 and ~0.35 ms this way
    /// (<see cref="PreparedRead"/>).
    /// </summary>
    public static async Task<AsOfAlignment> AsOfWithHeaviestAsync(IQuerySession session, string subject, DateTimeOffset asOf, int top,
        CancellationToken ct)
    {
        var row = await AsOfRow.ReadAsync(session, subject, asOf, top, ct);
        var cells = row.Snapshot ?? new AlignmentCells();
        var last = row.SnapshotSequence;
        foreach (var change in row.Changes ?? [])
        {
            cells.Apply(change.Changes, change.PowerContributions, change.ClaimCount, change.ContributionCount);
            last = change.Sequence;
        }
        var heaviest = (row.Heaviest ?? []).Select(s => s.ToView()).ToList();
        if (row.ReadToTheInstant) return new AsOfAlignment(cells, last, heaviest, row.Unresolved ?? 0);

        // A ledger projected with snapshots further apart (or none), or before its record time followed the ledger's order, is
        // read on, a batch at a time, until a change comes after asOf; the contributions are then read at the position reached.
        while (true)
        {
            var floor = last;
            var next = await session.Query<AlignmentChange>()
                .Where(c => c.Subject == subject && c.Sequence > floor)
                .OrderBy(c => c.Sequence).Take(AlignmentSnapshot.Interval)
                .Select(c => new CellMoves(c.Sequence, c.Timestamp, c.Changes, c.PowerContributions, c.ClaimCount, c.ContributionCount))
                .ToListAsync(ct);
            var done = next.Count < AlignmentSnapshot.Interval;
            foreach (var change in next)
            {
                if (change.Timestamp > asOf) { done = true; break; }
                cells.Apply(change.Changes, change.PowerContributions, change.ClaimCount, change.ContributionCount);
                last = change.Sequence;
            }
            if (done) break;
        }
        var heaviestThen = top == 0 ? [] : await PageAsync(session, new AlignmentQuery(subject, asOf, null, null), last, 0, top, ct);
        return new AsOfAlignment(cells, last, heaviestThen, row.Unresolved ?? 0);
    }

    /// <summary>
    /// An alignment as of a record time (see <see cref="AsOfWithHeaviestAsync"/>), its heaviest contributions as an alignment
    /// shows them: what the index gives without reading the spans.
    /// </summary>
    public sealed record AsOfAlignment(AlignmentCells Cells, long LastSequence, IReadOnlyList<ContributionView> Heaviest, int UnresolvedContradictions);

    /// <summary>What the one statement of an as-of read returns, as one JSON object.</summary>
    private sealed record AsOfRow(AlignmentCells? Snapshot, long SnapshotSequence, List<CellMoves>? Changes, bool ReadToTheInstant, int? Unresolved,
        List<HeaviestSpan>? Heaviest)
    {
        public static Task<AsOfRow> ReadAsync(IQuerySession session, string subject, DateTimeOffset asOf, int top, CancellationToken ct) =>
            PreparedRead.JsonAsync<AsOfRow>(session, Statement.For(session.DocumentStore), ct, subject, asOf, top);

        private static readonly StoreStatement Statement = new(Sql);

        // $1 the subject, $2 the record time, $3 how many contributions. Record time follows the ledger's order (AlignmentClock),
        // so the last snapshot by then is the last by timestamp (one probe of the (subject, timestamp, sequence) index; by
        // sequence, the walk back passed every later snapshot). The next snapshot comes at most Interval changes after it, and
        // was taken after the instant (or it would be this one): so the changes to replay are among the next Interval, read in
        // sequence order up to the first recorded after the instant. (Changes projected before the clock carry their events'
        // own timestamps, which concurrent commands can leave out of order: readToTheInstant is then false where the next
        // Interval changes all come by the instant, and the caller reads on.) Only what moving the cells needs is read, not the contributions
        // each change moved. The heaviest contributions come from the (subject, weight) index alone, which carries each span's
        // sequences, id and value (unless few are in force then: FewInForce): a span's id names its claim, power and dimension, so
        // no span's document is read. (Reading the 20 documents by id, and their JSON, was most of PostgreSQL's time for the read.)
        // The unresolved count is the Contradictions projection's last moment by then.
        private static string Sql(IDocumentStore store) => $"""
            with snapshot as (
                select s.sequence, s.data -> 'cells' as cells from {DocumentTable.Of<AlignmentSnapshot>(store)} as s
                where s.subject = $1 and s.timestamp <= $2 order by s.timestamp desc, s.sequence desc limit 1),
            next as (
                select c.sequence, c.timestamp, c.data from {DocumentTable.Of<AlignmentChange>(store)} as c
                where c.subject = $1 and c.sequence > coalesce((select sequence from snapshot), 0)
                order by c.sequence limit {AlignmentSnapshot.Interval}),
            replayed as (
                select * from next
                where sequence < coalesce((select min(sequence) from next where timestamp > $2), 9223372036854775807)),
            position as (
                select coalesce((select max(sequence) from replayed), (select sequence from snapshot), 0) as at,
                    coalesce((select (r.data ->> 'contributionCount')::int from replayed as r order by r.sequence desc limit 1),
                        ((select cells from snapshot) ->> 'contributionCount')::int, 0) as in_force)
            select json_build_object(
                'snapshot', (select cells from snapshot),
                'snapshotSequence', coalesce((select sequence from snapshot), 0),
                'changes', (select json_agg(json_build_object('sequence', r.sequence, 'timestamp', r.data -> 'timestamp',
                        'changes', r.data -> 'changes', 'powerContributions', r.data -> 'powerContributions',
                        'claimCount', r.data -> 'claimCount', 'contributionCount', r.data -> 'contributionCount') order by r.sequence)
                    from replayed as r),
                'readToTheInstant', (select count(*) < {AlignmentSnapshot.Interval} or coalesce(bool_or(timestamp > $2), false) from next),
                'unresolved', (select (m.data ->> 'count')::int from {DocumentTable.Of<Contradictions.UnresolvedCountMoment>(store)} as m
                    where m.subject = $1 and m.timestamp <= $2 order by m.timestamp desc, m.sequence desc limit 1),
                'heaviest', (select json_agg(json_build_object('id', h.id, 'contribution', h.contribution) order by h.weight desc, h.id) from (
                    (select i.id, i.weight, i.contribution from {DocumentTable.Of<ContributionSpan>(store)} as i, position
                        where (select in_force from position) >= {FewInForce}
                            and i.subject = $1 and i.from_sequence <= position.at and (i.until_sequence is null or i.until_sequence > position.at)
                        order by i.weight desc, i.id limit $3)
                    union all
                    (select o.id, o.weight, o.contribution from (select i.id, i.weight, i.contribution from {DocumentTable.Of<ContributionSpan>(store)} as i
                            where (select in_force from position) < {FewInForce}
                                and i.subject = $1 and i.from_sequence <= (select at from position)
                                and (i.until_sequence is null or i.until_sequence > (select at from position))
                            offset 0) as o
                        order by o.weight desc, o.id limit $3)) as h))
            """;

        /// <summary>
        /// Below this many contributions in force, the heaviest are sorted out of the spans opened by the position (the
        /// valid-time index, by subject and first sequence) rather than found by walking the subject's spans by weight: that
        /// walk passes about top × spans ÷ in force entries, every span of the subject when fewer than asked for are in force
        /// (an instant before or just after the subject's first change: 88,000 spans of the hot subject at 200k, 14–21 ms;
        /// 0.4 ms this way). The count comes with the changes the read replays, so choosing costs nothing. In the generic plan
        /// of a prepared statement the planner would answer that branch from the weight index too: <c>offset 0</c> keeps the
        /// order and limit off it, the position as a scalar lets the valid-time index bound the scan, and that index carries
        /// weight and id so its scan is index-only as well.
        /// </summary>
        private const int FewInForce = 500;
    }

    /// <summary>One of the heaviest spans at an as-of read's position, as its index holds it: its id and value.</summary>
    private sealed class HeaviestSpan
    {
        public string Id { get; set; } = "";
        public decimal Contribution { get; set; }

        public ContributionView ToView() => ViewOf(Id, Contribution);
    }

    /// <summary>What one change did to the cells: the part of an <see cref="AlignmentChange"/> an as-of read replays.</summary>
    public sealed record CellMoves(long Sequence, DateTimeOffset Timestamp, List<ScoreChange> Changes, Dictionary<string, int> PowerContributions,
        int ClaimCount, int ContributionCount);

    /// <summary>
    /// A page of the contributions at a position (null: now), heaviest first, optionally only those valid during the query's
    /// window, as an alignment shows them: what the (subject, weight) index carries (each span's sequences, id and value; the id
    /// names its claim, power and dimension), so no span's row is read without a window.
    /// </summary>
    public static Task<List<ContributionView>> PageAsync(IQuerySession session, AlignmentQuery query, long? at, int skip, int take,
        CancellationToken ct)
    {
        var parameters = new List<object>();
        var next = Parameter(parameters);
        var sql = $"""
            select s.id, s.contribution from {DocumentTable.Of<ContributionSpan>(session.DocumentStore)} as s
            where {InForceSql(query.Subject, at, query, next)}
            order by s.weight desc, s.id limit {next(take)} offset {next(skip)}
            """;
        return PreparedRead.RowsAsync(session, sql, r => ViewOf(r.GetString(0), r.GetDecimal(1)), ct, [.. parameters]);
    }

    /// <summary>How many contributions there are at a position, within the query's valid-time window.</summary>
    public static async Task<int> CountAsync(IQuerySession session, AlignmentQuery query, long? at, CancellationToken ct)
    {
        var parameters = new List<object>();
        var sql = $"""
            select count(*)::int from {DocumentTable.Of<ContributionSpan>(session.DocumentStore)} as s
            where {InForceSql(query.Subject, at, query, Parameter(parameters))}
            """;
        return (await PreparedRead.RowsAsync(session, sql, r => r.GetInt32(0), ct, [.. parameters]))[0];
    }

    /// <summary>
    /// Every contribution at a position within the window, each at its value by the publication cut-off (those worth nothing by
    /// then left out): for scores filtered by valid or publication time, which no cell holds. PostgreSQL sends only what each
    /// contribution is, evaluated at the cut-off, not the span's document: the hot subject's 52,000 spans at 200k events loaded
    /// as documents held 16 such reads at once at 636 MB of API memory (226 MB before them). Without a cut-off nothing is read
    /// from the documents: the claim, power and dimension are the span's id (<see cref="ContributionSpan.IdOf"/>), the rest
    /// its columns, all in the valid-time index. A cut-off needs each span's publication steps, from its JSON. The
    /// contributions come without their steps, which only this evaluation needed.
    /// </summary>
    public static Task<List<ClaimContribution>> AllAsync(IQuerySession session, AlignmentQuery query, long? at, CancellationToken ct)
    {
        var parameters = new List<object>();
        var next = Parameter(parameters);
        var inForce = InForceSql(query.Subject, at, query, next);
        var sql = $"""
            select * from (
                select s.id, {ValueSql(query, next)} as value, s.valid_start, s.valid_end, s.from_sequence
                from {DocumentTable.Of<ContributionSpan>(session.DocumentStore)} as s
                where {inForce}) as evaluated
            {(query.FiltersPublication ? "where value <> 0" : "")}
            """;
        return PreparedRead.RowsAsync(session, sql, ContributionOf, ct, [.. parameters]);
    }

    /// <summary>
    /// Every span of the subject opened by a position within the query's window, each at its value by the publication cut-off
    /// (<see cref="PublicationSteps.ValueAt"/>, its steps read only under one): what a report by a window or cut-off needs for
    /// both its scores (the spans still in force there: <see cref="InForce"/>) and its record-time line
    /// (<see cref="Reports.ReportSeries.FromSpansAsync"/>), in one read, from the valid-time index alone without a cut-off. Read
    /// apart, the cut-off's steps were read and valued twice.
    /// </summary>
    public static Task<List<OpenedSpan>> OpenedByAsync(IQuerySession session, AlignmentQuery query, long at, CancellationToken ct)
    {
        var parameters = new List<object> { query.Subject, at };
        var window = WindowSql(query, Parameter(parameters));
        var serializer = session.DocumentStore.Options.Serializer();
        return PreparedRead.RowsAsync(session, $"""
            select s.id, s.valid_start, s.valid_end, s.from_sequence, s.until_sequence, s.contribution
                {(query.FiltersPublication ? ", s.data -> 'steps'" : "")}
            from {DocumentTable.Of<ContributionSpan>(session.DocumentStore)} as s
            where s.subject = $1 and s.from_sequence <= $2 {window}
            """, r =>
        {
            var (claimId, power, dimension) = ContributionSpan.KeyOf(r.GetString(0));
            var value = !query.FiltersPublication ? r.GetDecimal(5)
                : PublicationSteps.ValueAt(r.IsDBNull(6) ? null : serializer.FromJson<List<PublicationStep>>(r, 6), r.GetDecimal(5), query.PublicationCutOff);
            return new OpenedSpan(new ClaimContribution(claimId, power, dimension, value, r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1),
                r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2), r.GetInt64(3)), r.IsDBNull(4) ? null : r.GetInt64(4));
        }, ct, [.. parameters]);
    }

    /// <summary>A span opened by a position: its contribution as the query sees it, and the change that closed it (null: none yet).</summary>
    public sealed record OpenedSpan(ClaimContribution Contribution, long? Until);

    /// <summary>Of the spans opened by a position, the contributions in force there, as <see cref="AllAsync"/> reads them.</summary>
    public static List<ClaimContribution> InForce(IEnumerable<OpenedSpan> spans, AlignmentQuery query, long at) =>
        spans.Where(s => (s.Until is null || s.Until > at) && (!query.FiltersPublication || s.Contribution.Contribution != 0))
            .Select(s => s.Contribution).ToList();

    /// <summary>
    /// The condition that keeps a query's spans (aliased <c>s</c>) valid during its window, its parameters added through
    /// <paramref name="next"/>: empty without a window, else starting with <c>and</c>. <see cref="AllAsync"/> and
    /// <see cref="OpenedByAsync"/> select spans with it.
    /// </summary>
    private static string WindowSql(AlignmentQuery query, Func<object, string> next) =>
        // A contribution without a valid time cannot be shown to overlap the window (ClaimContribution.ValidDuring).
        !query.FiltersValidTime ? "" : "and s.valid_start is not null and s.valid_end is not null"
            + (query.ValidFrom is null ? "" : $" and s.valid_end > {next(query.ValidWindowStart.ToUniversalTime())}")
            + (query.ValidTo is null ? "" : $" and s.valid_start < {next(query.ValidWindowEnd.ToUniversalTime())}");

    /// <summary>
    /// A span's value at the query's publication cut-off in SQL (the contribution without one), as
    /// <see cref="PublicationSteps.ValueAt"/> gives it: the last step published by the cut-off (steps ascend:
    /// <see cref="PublicationSteps.Compress"/>), nothing before the first, the contribution itself on a span without steps.
    /// </summary>
    private static string ValueSql(AlignmentQuery query, Func<object, string> next) => !query.FiltersPublication ? "s.contribution" : $"""
        case when jsonb_typeof(s.data -> 'steps') = 'array' then
            coalesce((select {PublicationStepStorage.ContributionSql("e.step")} from jsonb_array_elements(s.data -> 'steps') with ordinality as e(step, n)
                      where {PublicationStepStorage.PublishedBySql("e.step")} <= {next(query.PublicationCutOff.ToUniversalTime())} order by e.n desc limit 1), 0)
        else s.contribution end
        """;

    /// <summary>
    /// The <paramref name="count"/> heaviest contributions at a position, with every contribution as heavy as the last of them:
    /// the caller orders ties (<see cref="ClaimContribution.ByWeight"/>) itself. Their ids come from the (subject, weight) index
    /// alone, then their rows by id. (A bound on the weight, <c>weight >= (the lightest of the top)</c>, leaves the planner
    /// without the weight it bounds, and it scanned every span of the subject: 88 ms for the hot one at 200k, 0.1 ms this way,
    /// in a prepared statement's generic plan as well.)
    /// </summary>
    public static Task<List<ClaimContribution>> HeaviestAsync(IQuerySession session, string subject, long? at, int count,
        CancellationToken ct)
    {
        var parameters = new List<object>();
        var next = Parameter(parameters);
        var table = DocumentTable.Of<ContributionSpan>(session.DocumentStore);
        var sql = $"""
            select {ContributionColumns}
            from (select s.id from {table} as s where {InForceSql(subject, at, null, next)}
                  order by s.weight desc fetch first {next(count)} rows with ties) as heaviest
            join {table} as s on s.id = heaviest.id
            """;
        return PreparedRead.RowsAsync(session, sql, ContributionOf, ct, [.. parameters]);
    }

    /// <summary>Every contribution of these claims at a position: a report lists each claim it names with all it contributes.</summary>
    public static Task<List<ClaimContribution>> OfClaimsAsync(IQuerySession session, string subject, IReadOnlyCollection<string> claimIds,
        long? at, CancellationToken ct)
    {
        var parameters = new List<object>();
        var next = Parameter(parameters);
        var sql = $"""
            select {ContributionColumns} from {DocumentTable.Of<ContributionSpan>(session.DocumentStore)} as s
            where {InForceSql(subject, at, null, next)} and s.claim_id = any({next(claimIds.ToArray())})
            """;
        return PreparedRead.RowsAsync(session, sql, ContributionOf, ct, [.. parameters]);
    }

    /// <summary>
    /// The spans (aliased <c>s</c>) of <paramref name="subject"/> in force at a position (null: now), and valid during the
    /// query's window when it has one: a condition, its parameters added through <paramref name="next"/>.
    /// </summary>
    private static string InForceSql(string subject, long? at, AlignmentQuery? query, Func<object, string> next)
    {
        var condition = $"s.subject = {next(subject)} and ";
        if (at is { } position)
        {
            var p = next(position);
            condition += $"s.from_sequence <= {p} and (s.until_sequence is null or s.until_sequence > {p})";
        }
        else condition += "s.until_sequence is null";
        return query is null ? condition : $"{condition} {WindowSql(query, next)}";
    }

    /// <summary>Adds a statement's next positional parameter to <paramref name="parameters"/> and names it (<c>$n</c>).</summary>
    private static Func<object, string> Parameter(List<object> parameters) => value =>
    {
        parameters.Add(value);
        return $"${parameters.Count}";
    };

    /// <summary>What <see cref="ContributionOf"/> reads, from the spans aliased <c>s</c>.</summary>
    private const string ContributionColumns = "s.id, s.contribution, s.valid_start, s.valid_end, s.from_sequence";

    /// <summary>
    /// A span's contribution from its columns (<see cref="ContributionColumns"/>; its JSON does not hold them): the claim, power
    /// and dimension are its id (<see cref="ContributionSpan.IdOf"/>). Without its publication steps, which only a cut-off's
    /// evaluation needs (<see cref="ValueSql"/>).
    /// </summary>
    private static ClaimContribution ContributionOf(Npgsql.NpgsqlDataReader r)
    {
        var (claimId, power, dimension) = ContributionSpan.KeyOf(r.GetString(0));
        return new ClaimContribution(claimId, power, dimension, r.GetDecimal(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2),
            r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3), r.GetInt64(4));
    }

    /// <summary>A contribution as an alignment shows it, from its span's id and value.</summary>
    private static ContributionView ViewOf(string spanId, decimal contribution)
    {
        var (claimId, power, dimension) = ContributionSpan.KeyOf(spanId);
        return new ContributionView(claimId, power, dimension.Name(), contribution);
    }
}
