using System;
using System.Collections.Generic;

namespace Resilience.Payments.Operations.Internal;

/// <summary>The checks every operator action makes of its input, and the audit note it writes.</summary>
internal static class OperatorInput
{
    /// <summary>The longest actor name, reason or note kept: 500 characters.</summary>
    public const int MaxText = 500;

    /// <summary>Throws a <see cref="PaymentValidationException"/> naming <paramref name="field"/> when the text is empty or too long.</summary>
    public static string Require(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw PaymentValidationException.For(field, $"The {field} is required.");
        }

        return text.Length > MaxText
            ? throw PaymentValidationException.For(field, $"The {field} is longer than {MaxText} characters.")
            : text;
    }

    /// <summary>Returns the record with an audit note appended.</summary>
    public static PaymentRecord WithNote(PaymentRecord record, DateTimeOffset at, string actor, OperatorActionKind action, string? detail)
    {
        var notes = new List<OperatorNote>(record.OperatorNotes.Count + 1);
        notes.AddRange(record.OperatorNotes);
        notes.Add(new OperatorNote { At = at, Actor = actor.Trim(), Action = action, Detail = detail?.Trim() });
        return record with { OperatorNotes = notes };
    }
}
