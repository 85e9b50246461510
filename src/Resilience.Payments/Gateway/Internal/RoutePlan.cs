using System.Collections.Generic;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// How to route a payment: its candidates in order, why other providers cannot serve it, the candidates already
/// skipped, and the index of the candidate whose attempt the record already holds (-1 when none).
/// </summary>
internal readonly record struct RoutePlan(List<Candidate> Candidates, List<string>? Unfit, RouteNotes Notes, int Begun);
