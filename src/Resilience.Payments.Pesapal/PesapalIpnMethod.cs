namespace Resilience.Payments.Pesapal;

/// <summary>How Pesapal calls the registered IPN URL (<c>ipn_notification_type</c>).</summary>
public enum PesapalIpnMethod
{
    /// <summary>A POST with a JSON body (the default).</summary>
    Post = 0,

    /// <summary>A GET with the fields as query parameters.</summary>
    Get = 1,
}
