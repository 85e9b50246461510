using System;
using System.IO;

namespace Resilience.Payments.Operations.Internal;

/// <summary>Writes a <see cref="SettlementReport"/> as RFC 4180 CSV.</summary>
internal static class SettlementCsv
{
    public static void Write(SettlementReport report, TextWriter writer) => throw new NotImplementedException();
}
