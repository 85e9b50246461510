namespace Resilience.Payments;

/// <summary>One problem with a request: the field it is in and what is wrong.</summary>
/// <param name="Field">The field's path, for example <c>Amount</c> or <c>Instruments[1]</c>.</param>
/// <param name="Message">What is wrong, in words an application may show a developer.</param>
public sealed record PaymentValidationError(string Field, string Message);
