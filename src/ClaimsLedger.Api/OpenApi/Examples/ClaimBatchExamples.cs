using ClaimsLedger.Api.Claims;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    private const string RussiaQuote = "Trade with Russia fell to $26bn.";

    /// <summary>The RecordClaim example, a second claim from the same source, and an item with a bad subject.</summary>
    private static RecordClaimsRequest Batch()
    {
        var trade = (RecordClaimRequest)For(typeof(RecordClaimRequest))!;
        var start = SourceText.IndexOf(RussiaQuote, StringComparison.Ordinal);
        var russia = new RecordClaimRequest("KZ", "Kazakhstan's trade with Russia fell to $26bn in 2023.",
            [new EffectInput("RU", "economic", "away", 2)], "2023", new QuantityInput(26m, "USD billion"),
            new EvidenceInput(SourceId, start, start + RussiaQuote.Length, RussiaQuote), 0.8);
        return new RecordClaimsRequest([trade, russia, russia with { Subject = "Kazakhstan" }]);
    }

    private static IEnumerable<(Type Type, Func<object> Example)> ClaimBatchExamples() =>
    [
        Example(Batch),
        Example(() =>
        {
            var ids = Batch().Claims!.Take(2).Select(c => c!.ToCommand(new Http.FieldErrors()).ClaimId).ToList();
            return new RecordClaimsResult(
            [
                new RecordClaimsItemResult(0, ids[0], 1, "created", 42, null, null),
                new RecordClaimsItemResult(1, ids[1], 1, "created", 43, null, null),
                RecordClaimsItemResult.Problem(2, null, 400, new() { ["claims[2].subject"] = [$"must be {Vocabulary.Codes.SubjectRule}."] }),
            ], 43);
        }),
    ];
}
