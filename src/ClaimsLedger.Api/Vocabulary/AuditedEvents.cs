namespace ClaimsLedger.Api.Vocabulary;

/// <summary>Every event says who made the change; the audit trail reads it from here.</summary>
public interface IActorEvent { string Actor { get; } }

/// <summary>Events that change a judgement also say why.</summary>
public interface IReasonedEvent : IActorEvent { string Reason { get; } }
