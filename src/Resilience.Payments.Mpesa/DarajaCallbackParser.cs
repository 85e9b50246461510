using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Resilience.Payments.Json;
using Resilience.Payments.Mpesa.Internal;

namespace Resilience.Payments.Mpesa;

/// <summary>
/// Parses the Lipa na M-Pesa Online <c>stkCallback</c> body Daraja posts to the CallBackURL into a <see cref="ProviderUpdate"/>.
/// </summary>
/// <remarks>
/// Daraja callbacks are <b>unsigned</b>: anybody who learns the URL can post one. Never apply a parsed update directly; confirm
/// it with <see cref="DarajaPaymentProvider.ConfirmAsync"/> (an STK query) and apply what that returns (safety rule 4). A
/// success's CallbackMetadata (Amount, PhoneNumber, TransactionDate in Nairobi time, MpesaReceiptNumber) is read into the
/// outcome's <see cref="ProviderOutcome.Amount"/>, <see cref="ProviderOutcome.Payer"/>, <see cref="ProviderOutcome.OccurredAt"/>
/// and <see cref="ProviderOutcome.Receipt"/> as the body claims them; <see cref="DarajaPaymentProvider.ConfirmAsync"/> keeps them
/// only when the CallBackURL's token verified. Numbers and strings are read alike (<c>"ResultCode":1032</c> and
/// <c>"ResultCode":"1032"</c>), and trailing commas are tolerated, as in every reader of the adapter.
/// Callbacks can also be late, duplicated or lost; the gateway applies duplicates idempotently and the reconciler's STK query
/// covers lost ones.
/// </remarks>
internal sealed class DarajaCallbackParser
{
    private readonly string _provider;

    /// <summary>Creates a parser for the provider named in the options.</summary>
    /// <param name="options">The Daraja options.</param>
    public DarajaCallbackParser(IOptions<DarajaOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value.Name)
    {
    }

    /// <summary>Creates a parser.</summary>
    /// <param name="providerName">The provider's name in the gateway (<see cref="DarajaOptions.Name"/>, <c>mpesa</c> by default).</param>
    public DarajaCallbackParser(string providerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        _provider = providerName;
    }

    /// <summary>Parses a callback body. Never throws on malformed input.</summary>
    /// <param name="body">The request body (UTF-8 JSON).</param>
    /// <param name="update">The update, when the body is a valid stkCallback. Unconfirmed: see the remarks.</param>
    /// <param name="error">Why the body was rejected.</param>
    /// <returns><see langword="true"/> when the body is a valid stkCallback.</returns>
    public bool TryParse(ReadOnlySpan<byte> body, out ProviderUpdate? update, out string? error)
    {
        update = null;
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            error = "The body is not valid UTF-8.";
            return false;
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, ProviderJson.ReaderOptions(lenient: true, maxDepth: 16));
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            error = $"The body is not JSON: {ex.Message}";
            return false;
        }

        using (document)
        {
            try
            {
                return TryRead(document.RootElement, out update, out error);
            }
            catch (InvalidOperationException)
            {
                // A string value that is not valid UTF-8 or UTF-16 (for example a lone surrogate escape) cannot be read as text.
                update = null;
                error = "The body holds text that is not valid Unicode.";
                return false;
            }
        }
    }

    /// <summary>Parses a callback body. Never throws on malformed input.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="update">The update, when the body is a valid stkCallback. Unconfirmed: see the remarks.</param>
    /// <param name="error">Why the body was rejected.</param>
    /// <returns><see langword="true"/> when the body is a valid stkCallback.</returns>
    public bool TryParse(string? body, out ProviderUpdate? update, out string? error)
    {
        if (body is null)
        {
            update = null;
            error = "The body is empty.";
            return false;
        }

        return TryParse(Encoding.UTF8.GetBytes(body), out update, out error);
    }

    private bool TryRead(JsonElement root, out ProviderUpdate? update, out string? error)
    {
        update = null;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("Body", out var body) || body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("stkCallback", out var callback) || callback.ValueKind != JsonValueKind.Object)
        {
            error = "The body has no Body.stkCallback object.";
            return false;
        }

        var checkoutRequestId = ProviderJson.Text(callback, "CheckoutRequestID");
        if (string.IsNullOrWhiteSpace(checkoutRequestId))
        {
            error = "The stkCallback has no CheckoutRequestID.";
            return false;
        }

        var resultCode = ProviderJson.Code(callback, "ResultCode");
        if (string.IsNullOrWhiteSpace(resultCode))
        {
            error = "The stkCallback has no ResultCode.";
            return false;
        }

        string? receipt = null;
        Money? amount = null;
        string? payer = null;
        DateTimeOffset? occurredAt = null;
        if (callback.TryGetProperty("CallbackMetadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("Item", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("Value", out var value))
                {
                    continue; // items may lack Value (Balance usually does)
                }

                switch (ProviderJson.Text(item, "Name"))
                {
                    case "MpesaReceiptNumber":
                        receipt = ProviderJson.Text(value);
                        break;
                    case "Amount":
                        amount = ProviderJson.TryGetDecimal(value, NumberStyles.Float, out var shillings) ? Money.Kes(shillings) : null;
                        break;
                    case "PhoneNumber":
                        payer = ProviderJson.Text(value)?.Trim();
                        break;
                    case "TransactionDate":
                        occurredAt = DarajaTimestamp.TryParseLocal(ProviderJson.Text(value), out var at) ? at : null;
                        break;
                }
            }
        }

        var outcome = DarajaResultCodes.ToOutcome(resultCode, ProviderJson.Text(callback, "ResultDesc"), checkoutRequestId, receipt);
        update = new ProviderUpdate
        {
            Provider = _provider,
            ProviderReference = checkoutRequestId,
            Outcome = outcome.Kind == OutcomeKind.Succeeded ? outcome with { Amount = amount, Payer = payer, OccurredAt = occurredAt } : outcome,
            Source = OutcomeSource.Callback,
        };
        error = null;
        return true;
    }
}
