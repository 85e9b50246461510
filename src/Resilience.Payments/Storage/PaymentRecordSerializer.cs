using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Resilience.Payments.Internal;

namespace Resilience.Payments;

/// <summary>
/// Turns a <see cref="PaymentRecord"/> into the JSON document durable stores keep, and back. The document holds
/// every field (phone numbers and card tokens included: protect the store as you protect payment data); stores may
/// keep the fields they query (status, due time, lease, version) in columns of their own as well.
/// </summary>
public static class PaymentRecordSerializer
{
    /// <summary>Serializes a record.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The JSON document.</returns>
    public static string Serialize(PaymentRecord record) =>
        JsonSerializer.Serialize(ToDocument(record), PaymentRecordJsonContext.Default.PaymentRecordDocument);

    /// <summary>Writes a record's document into <paramref name="writer"/> (an outbox event's payload embeds it without a copy).</summary>
    internal static void Write(Utf8JsonWriter writer, PaymentRecord record) =>
        JsonSerializer.Serialize(writer, ToDocument(record), PaymentRecordJsonContext.Default.PaymentRecordDocument);

    private static PaymentRecordDocument ToDocument(PaymentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var request = record.Request;
        var document = new PaymentRecordDocument
        {
            Key = record.Key,
            Fingerprint = record.Fingerprint,
            Status = (int)record.Status,
            Version = record.Version,
            CreatedAt = record.CreatedAt.ToUnixTimeMilliseconds(),
            UpdatedAt = record.UpdatedAt.ToUnixTimeMilliseconds(),
            DueAt = record.DueAt?.ToUnixTimeMilliseconds(),
            LeaseOwner = record.LeaseOwner,
            LeaseExpiresAt = record.LeaseExpiresAt?.ToUnixTimeMilliseconds(),
            QueueRounds = record.QueueRounds,
            StatusChecks = record.StatusChecks,
            FailureReason = record.FailureReason,
            Request = new RequestDocument
            {
                Amount = request.Amount.Amount.ToString(CultureInfo.InvariantCulture),
                Currency = request.Amount.Currency,
                Instruments = request.Instruments.Select(ToDocument).ToList(),
                AccountReference = request.AccountReference,
                Description = request.Description,
                Metadata = request.Metadata.Count == 0 ? null : new Dictionary<string, string>(request.Metadata, StringComparer.Ordinal),
                ExpiresAt = request.ExpiresAt?.ToUnixTimeMilliseconds(),
                AllowQueue = request.AllowQueue,
            },
            Attempts = record.Attempts.Select(a => new AttemptDocument
            {
                Number = a.Number,
                Reference = a.Reference,
                Provider = a.Provider,
                Instrument = ToDocument(a.Instrument),
                StartedAt = a.StartedAt.ToUnixTimeMilliseconds(),
                CompletedAt = a.CompletedAt?.ToUnixTimeMilliseconds(),
                Outcome = (int?)a.Outcome,
                Source = (int?)a.Source,
                ProviderReference = a.ProviderReference,
                Receipt = a.Receipt,
                Code = a.Code,
                Reason = a.Reason,
                ActionKind = (int?)a.Action?.Kind,
                ActionUrl = a.Action?.RedirectUrl?.OriginalString,
                ActionMessage = a.Action?.Message,
                Mismatch = a.Mismatch is { } m
                    ? new MismatchDocument
                    {
                        Amount = m.ReportedAmount?.Amount.ToString(CultureInfo.InvariantCulture),
                        Currency = m.ReportedAmount?.Currency,
                        Payer = m.ReportedPayer,
                        Receipt = m.Receipt,
                        ProviderReference = m.ProviderReference,
                        Source = (int)m.Source,
                        DetectedAt = m.DetectedAt.ToUnixTimeMilliseconds(),
                        Reason = m.Reason,
                    }
                    : null,
            }).ToList(),
            ExtraCharges = record.ExtraCharges.Count == 0 ? null : record.ExtraCharges.Select(c => new ExtraChargeDocument
            {
                Attempt = c.AttemptNumber,
                Provider = c.Provider,
                Amount = c.Amount.Amount.ToString(CultureInfo.InvariantCulture),
                Currency = c.Amount.Currency,
                Receipt = c.Receipt,
                ProviderReference = c.ProviderReference,
                DetectedAt = c.DetectedAt.ToUnixTimeMilliseconds(),
            }).ToList(),
            Refunds = record.Refunds.Count == 0 ? null : record.Refunds.Select(r => new RefundDocument
            {
                Key = r.Key,
                Reference = r.Reference,
                Attempt = r.AttemptNumber,
                Provider = r.Provider,
                Amount = r.Amount.Amount.ToString(CultureInfo.InvariantCulture),
                Currency = r.Amount.Currency,
                Reason = r.Reason,
                Automatic = r.Automatic,
                Status = (int)r.Status,
                CreatedAt = r.CreatedAt.ToUnixTimeMilliseconds(),
                UpdatedAt = r.UpdatedAt.ToUnixTimeMilliseconds(),
                SentAt = r.SentAt?.ToUnixTimeMilliseconds(),
                LastInFlightAt = r.LastInFlightAt?.ToUnixTimeMilliseconds(),
                DueAt = r.DueAt?.ToUnixTimeMilliseconds(),
                Checks = r.Checks,
                ProviderReference = r.ProviderReference,
                Code = r.Code,
                Message = r.Message,
                Source = (int?)r.Source,
            }).ToList(),
            Notes = record.OperatorNotes.Count == 0 ? null : record.OperatorNotes.Select(n => new OperatorNoteDocument
            {
                At = n.At.ToUnixTimeMilliseconds(),
                Actor = n.Actor,
                Action = (int)n.Action,
                Detail = n.Detail,
            }).ToList(),
        };
        return document;
    }

    /// <summary>Deserializes a record.</summary>
    /// <param name="json">The JSON document written by <see cref="Serialize"/>.</param>
    /// <returns>The record.</returns>
    /// <exception cref="FormatException">The document is not a payment record of a version this library reads.</exception>
    public static PaymentRecord Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        PaymentRecordDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, PaymentRecordJsonContext.Default.PaymentRecordDocument);
        }
        catch (JsonException ex)
        {
            throw new FormatException("The stored payment document is not valid JSON.", ex);
        }

        if (document is null || document.V != 1)
        {
            throw new FormatException($"The stored payment document has version {document?.V}; this library reads version 1.");
        }

        var instruments = document.Request.Instruments.Select(FromDocument).ToArray();
        var request = new PaymentRequest
        {
            IdempotencyKey = document.Key,
            Amount = new Money(decimal.Parse(document.Request.Amount, NumberStyles.Number, CultureInfo.InvariantCulture), document.Request.Currency),
            Instruments = instruments,
            AccountReference = document.Request.AccountReference,
            Description = document.Request.Description,
            Metadata = document.Request.Metadata ?? new Dictionary<string, string>(),
            ExpiresAt = FromUnix(document.Request.ExpiresAt),
            AllowQueue = document.Request.AllowQueue,
        };
        return new PaymentRecord
        {
            Key = document.Key,
            Fingerprint = document.Fingerprint,
            Request = request,
            Status = (PaymentStatus)document.Status,
            Version = document.Version,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(document.CreatedAt),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(document.UpdatedAt),
            DueAt = FromUnix(document.DueAt),
            LeaseOwner = document.LeaseOwner,
            LeaseExpiresAt = FromUnix(document.LeaseExpiresAt),
            QueueRounds = document.QueueRounds,
            StatusChecks = document.StatusChecks,
            FailureReason = document.FailureReason,
            Attempts = document.Attempts.Select(a => new PaymentAttempt
            {
                Number = a.Number,
                Reference = a.Reference,
                Provider = a.Provider,
                Instrument = FromDocument(a.Instrument),
                StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(a.StartedAt),
                CompletedAt = FromUnix(a.CompletedAt),
                Outcome = (OutcomeKind?)a.Outcome,
                Source = (OutcomeSource?)a.Source,
                ProviderReference = a.ProviderReference,
                Receipt = a.Receipt,
                Code = a.Code,
                Reason = a.Reason,
                Action = a.ActionKind is { } kind
                    ? new PaymentAction((PaymentActionKind)kind, a.ActionUrl is null ? null : new Uri(a.ActionUrl, UriKind.RelativeOrAbsolute), a.ActionMessage)
                    : null,
                Mismatch = a.Mismatch is { } m
                    ? new AmountMismatch
                    {
                        ReportedAmount = m.Amount is null || m.Currency is null ? null : new Money(ParseAmount(m.Amount), m.Currency),
                        ReportedPayer = m.Payer,
                        Receipt = m.Receipt,
                        ProviderReference = m.ProviderReference,
                        Source = (OutcomeSource)m.Source,
                        DetectedAt = DateTimeOffset.FromUnixTimeMilliseconds(m.DetectedAt),
                        Reason = m.Reason,
                    }
                    : null,
            }).ToArray(),
            ExtraCharges = document.ExtraCharges is { Count: > 0 } extra
                ? extra.Select(c => new ExtraCharge
                {
                    AttemptNumber = c.Attempt,
                    Provider = c.Provider,
                    Amount = new Money(ParseAmount(c.Amount), c.Currency),
                    Receipt = c.Receipt,
                    ProviderReference = c.ProviderReference,
                    DetectedAt = DateTimeOffset.FromUnixTimeMilliseconds(c.DetectedAt),
                }).ToArray()
                : [],
            Refunds = document.Refunds is { Count: > 0 } refunds
                ? refunds.Select(r => new PaymentRefund
                {
                    Key = r.Key,
                    Reference = r.Reference,
                    AttemptNumber = r.Attempt,
                    Provider = r.Provider,
                    Amount = new Money(ParseAmount(r.Amount), r.Currency),
                    Reason = r.Reason,
                    Automatic = r.Automatic,
                    Status = (RefundStatus)r.Status,
                    CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt),
                    UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt),
                    SentAt = FromUnix(r.SentAt),
                    LastInFlightAt = FromUnix(r.LastInFlightAt),
                    DueAt = FromUnix(r.DueAt),
                    Checks = r.Checks,
                    ProviderReference = r.ProviderReference,
                    Code = r.Code,
                    Message = r.Message,
                    Source = (OutcomeSource?)r.Source,
                }).ToArray()
                : [],
            OperatorNotes = document.Notes is { Count: > 0 } notes
                ? notes.Select(n => new OperatorNote
                {
                    At = DateTimeOffset.FromUnixTimeMilliseconds(n.At),
                    Actor = n.Actor,
                    Action = (OperatorActionKind)n.Action,
                    Detail = n.Detail,
                }).ToArray()
                : [],
        };
    }

    private static decimal ParseAmount(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static DateTimeOffset? FromUnix(long? milliseconds) =>
        milliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static InstrumentDocument ToDocument(PaymentInstrument instrument) => instrument switch
    {
        MobileMoneyInstrument m => new InstrumentDocument { Kind = "mobile-money", Phone = m.PhoneNumber.Value },
        CardInstrument c => new InstrumentDocument { Kind = "card", Token = c.Token },
        BankCheckoutInstrument b => new InstrumentDocument { Kind = "checkout", Email = b.Email, Phone = b.PhoneNumber?.Value },
        _ => throw new NotSupportedException($"Instrument type {instrument.GetType().Name} cannot be stored."),
    };

    private static PaymentInstrument FromDocument(InstrumentDocument document) => document.Kind switch
    {
        "mobile-money" => new MobileMoneyInstrument(PhoneNumber.Parse(document.Phone!)),
        "card" => new CardInstrument(document.Token!),
        "checkout" => new BankCheckoutInstrument(document.Email, document.Phone is null ? null : PhoneNumber.Parse(document.Phone)),
        _ => throw new FormatException($"Unknown stored instrument kind '{document.Kind}'."),
    };
}
