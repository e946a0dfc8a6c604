using System.Text.Json;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// A document member kept in its own column alone (the id, or one of <see cref="PlainColumns"/>), left out of the document's
/// JSON. For the busiest rows whose every reader selects columns: a contribution span's JSON repeated all ten of its columns
/// (~440 bytes a row, half the heap of the ledger's second-largest table), a contradiction candidate's all five. Marten's
/// loads of such a type leave these members unset, so its readers select the columns (<c>ColumnOnlyTests</c> checks that
/// every such member has one).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ColumnOnlyAttribute : Attribute
{
    /// <summary>Takes the members marked <see cref="ColumnOnlyAttribute"/> out of the JSON the store writes and reads.</summary>
    public static void LeaveOutOfJson(JsonSerializerOptions json) =>
        MarkedMembers.Modify<ColumnOnlyAttribute>(json, (type, member) => type.Properties.Remove(member));
}
