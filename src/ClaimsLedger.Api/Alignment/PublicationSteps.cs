namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// What a contribution is worth when only evidence published by some date counts (the third clock, <c>publishedBy</c>): from
/// <see cref="PublishedBy"/> on (the end of the publication period of one of the claim's sources) it is
/// <see cref="Contribution"/>, until the next step. Before the first step it is nothing.
/// </summary>
public sealed record PublicationStep(DateTimeOffset PublishedBy, decimal Contribution);

/// <summary>
/// A contribution as a step function of the publication cut-off. The projection computes the steps with the contribution
/// itself, from the same supports and contestations, so a publication cut-off needs no cells of its own: a read evaluates
/// each contribution at the cut-off and sums them, as a valid-time window does. The last step is the contribution itself.
/// </summary>
public static class PublicationSteps
{
    /// <summary>The value at a cut-off: the last step published by then; <paramref name="full"/> when there are no steps (data from before steps existed).</summary>
    public static decimal ValueAt(IReadOnlyList<PublicationStep>? steps, decimal full, DateTimeOffset cutOff)
    {
        if (steps is null) return full;
        var value = 0m;
        foreach (var step in steps)
        {
            if (step.PublishedBy > cutOff) break;
            value = step.Contribution;
        }
        return value;
    }

    public static bool Same(IReadOnlyList<PublicationStep>? a, IReadOnlyList<PublicationStep>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);

    /// <summary>
    /// Builds one step list per effect from the value each cut-off gives (ascending cut-offs), keeping only the cut-offs where
    /// the value changes.
    /// </summary>
    public static List<PublicationStep> Compress(IEnumerable<(DateTimeOffset CutOff, decimal Value)> values)
    {
        var steps = new List<PublicationStep>();
        var last = 0m;
        foreach (var (cutOff, value) in values)
        {
            if (value == last) continue;
            steps.Add(new PublicationStep(cutOff, value));
            last = value;
        }
        return steps;
    }
}
