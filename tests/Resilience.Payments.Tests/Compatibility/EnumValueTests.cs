namespace Resilience.Payments.Tests.Compatibility;

/// <summary>
/// The numbers of public enums are a stored contract: stores write them (SQLite and PostgreSQL status columns, the
/// JSON document of every payment) and applications persist them. A value is never renumbered or reused; a new member
/// takes the next number. See docs/compatibility.md.
/// </summary>
public class EnumValueTests
{
    public static TheoryData<Type, string> Pinned => new()
    {
        { typeof(PaymentStatus), "Processing=0 Pending=1 ActionRequired=2 Succeeded=3 Declined=4 Queued=5 Failed=6 Expired=7 Cancelled=8" },
        { typeof(OutcomeKind), "Succeeded=0 Pending=1 ActionRequired=2 Declined=3 NotProcessed=4 Unknown=5" },
        { typeof(OutcomeSource), "Response=0 Callback=1 StatusQuery=2" },
        { typeof(InstrumentKind), "MobileMoney=0 Card=1 BankCheckout=2" },
        { typeof(PaymentActionKind), "Redirect=0 Otp=1 ApproveOnDevice=2" },
        { typeof(ProviderCircuitState), "Closed=0 Open=1 HalfOpen=2 Isolated=3" },
        { typeof(PaymentListKind), "Queued=0 DeadLettered=1 Unresolved=2" },
        { typeof(CandidateOrdering), "InstrumentFirst=0 ProviderFirst=1" },
        { typeof(RefundStatus), "Processing=0 Pending=1 Unknown=2 Succeeded=3 Rejected=4 Failed=5 Queued=6" },
        { typeof(RefundRefusal), "PaymentNotFound=0 NotCaptured=1 ExceedsRefundable=2 ProviderCannotRefund=3 NotSupportedByProvider=4 StoreCannotRefund=5" },
        { typeof(DuplicateChargePolicy), "Reverse=0 Flag=1" },
    };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void Values_OfAPersistedEnum_AreNeverRenumbered(Type type, string expected)
    {
        var pinned = expected.Split(' ').Select(pair => pair.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));

        foreach (var (name, value) in pinned)
        {
            Assert.True(Enum.IsDefined(type, name), $"{type.Name}.{name} was removed or renamed: a stored value would no longer read.");
            Assert.Equal(value, Convert.ToInt32(Enum.Parse(type, name), System.Globalization.CultureInfo.InvariantCulture));
        }

        var added = Enum.GetNames(type).Where(name => !pinned.ContainsKey(name)).ToList();
        foreach (var name in added)
        {
            // A new member is fine when it takes a number no pinned member has: pin it here then.
            Assert.DoesNotContain(Convert.ToInt32(Enum.Parse(type, name), System.Globalization.CultureInfo.InvariantCulture), pinned.Values);
        }
    }
}
