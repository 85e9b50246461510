namespace Resilience.Payments.Testing.Simulators.Pesapal.Internal;

/// <summary>A registered IPN URL, as RegisterIPN and GetIpnList describe it.</summary>
/// <param name="Id">The <c>ipn_id</c> (an order's <c>notification_id</c>).</param>
/// <param name="Url">Where the IPN goes.</param>
/// <param name="Method"><c>GET</c> or <c>POST</c> (<c>ipn_notification_type</c>).</param>
/// <param name="CreatedAt">When it was registered, on the simulator's clock (<see langword="null"/> for one restored from an older journal).</param>
internal sealed record PesapalIpn(string Id, Uri Url, string Method, DateTimeOffset? CreatedAt)
{
    public static bool IsIpn(JsonObject record) => record["ipn"] is not null;

    public static PesapalIpn FromJournal(JsonObject record) =>
        new((string)record["ipn"]!, new Uri((string)record["url"]!), (string)record["method"]!, (DateTimeOffset?)record["createdAt"]);

    public JsonObject ToJournal() => new() { ["id"] = "ipn:" + Id, ["ipn"] = Id, ["url"] = Url.AbsoluteUri, ["method"] = Method, ["createdAt"] = CreatedAt };

    /// <summary>The IPN as Pesapal describes it (RegisterIPN's answer, an element of GetIpnList's).</summary>
    public JsonObject ToJson() => new()
    {
        ["url"] = Url.AbsoluteUri,
        ["created_date"] = (CreatedAt ?? DateTimeOffset.UnixEpoch).UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["ipn_id"] = Id,
        ["notification_type"] = Method == "GET" ? 0 : 1,
        ["ipn_notification_type_description"] = Method,
        ["ipn_status"] = 1,
        ["ipn_status_description"] = "Active",
        ["error"] = null,
        ["status"] = "200",
    };
}
