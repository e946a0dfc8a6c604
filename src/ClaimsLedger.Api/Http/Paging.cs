namespace ClaimsLedger.Api.Http;

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

public static class Paging
{
    public const int MaxPageSize = 200;

    public static bool TryRead(int? page, int? pageSize, out int p, out int size, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? problem)
    {
        p = page ?? 1;
        size = pageSize ?? 50;
        problem = p < 1 ? Problems.Invalid("page", "must be at least 1.")
            : size is < 1 or > MaxPageSize ? Problems.Invalid("pageSize", $"must be between 1 and {MaxPageSize}.")
            : null;
        return problem is null;
    }
}
