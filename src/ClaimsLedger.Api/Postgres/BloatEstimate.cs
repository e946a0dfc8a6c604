namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// How many pages a freshly built B-tree index would take, from the table's statistics of its columns (the planner's
/// average width and share of nulls of each): its tuples laid out as PostgreSQL lays them (an 8-byte header, 16 with a
/// null bitmap; each value aligned as its type requires; the tuple padded to 8 bytes and given a 4-byte line pointer),
/// packed to the index's fill factor on 8 KB pages. An estimate: averages stand for every tuple, and an index that
/// deduplicates repeated keys comes out smaller than estimated, so it is never taken for bloated.
/// </summary>
public static class BloatEstimate
{
    private const int PageBytes = 8192 - 24 - 16; // the page header and the B-tree's special space
    private const int LinePointer = 4;

    /// <summary>One column of an index: its type's length (-1 for variable) and alignment (c, s, i, d), and its statistics.</summary>
    public sealed record Column(short Length, char Align, int AverageWidth, double NullFraction)
    {
        /// <summary>A column with no estimate: an expression, or a column not analyzed yet.</summary>
        public static readonly Column Unknown = new(0, 'c', -1, 0);
    }

    /// <summary>The pages a fresh build of <paramref name="tuples"/> entries would take; null when a column has no statistics.</summary>
    public static double? FreshPages(double tuples, IReadOnlyList<Column> columns, int fillFactor)
    {
        if (columns.Count == 0 || columns.Any(c => c.AverageWidth < 0)) return null;
        double width = columns.Any(c => c.NullFraction > 0) ? 16 : 8;
        foreach (var column in columns)
        {
            var present = 1 - column.NullFraction;
            // Short variable-length values (a 1-byte header, under 127 bytes) are not aligned; fixed-length ones are.
            if (column.Length > 0) width = Align(width, column.Align) * present + width * column.NullFraction;
            width += present * (column.Length > 0 ? column.Length : column.AverageWidth);
        }
        var tuple = Align(width, 'd') + LinePointer;
        var leaves = Math.Ceiling(tuples * tuple / (PageBytes * fillFactor / 100.0));
        // The metapage, and the inner pages: one downlink (about a tuple) a leaf.
        return 1 + leaves + Math.Ceiling(leaves * tuple / PageBytes);
    }

    private static double Align(double offset, char align)
    {
        var to = align switch { 'd' => 8, 'i' => 4, 's' => 2, _ => 1 };
        return Math.Ceiling(offset / to) * to;
    }
}
