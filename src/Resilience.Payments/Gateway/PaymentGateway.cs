using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Resilience.Payments.Internal;

namespace Resilience.Payments;

/// <summary>
/// The gateway: validates, claims the idempotency key, routes over (provider, instrument) candidates through
/// each provider's pipeline, and records every step in the <see cref="IPaymentStore"/> before acting on it.
/// Register with <c>services.AddPaymentGateway(...)</c>; the constructor is for use without dependency injection.
/// </summary>
public sealed partial class PaymentGateway : IPaymentGateway, IPaymentOperations, IDisposable
{
    private readonly ProviderRegistry _providers;
    private readonly IPaymentStore _store;
    private readonly PaymentGatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventDispatcher _events;
    private readonly PaymentsTelemetry _telemetry;
    private readonly string _instance;
    private readonly ConcurrentDictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);
#if NET9_0_OR_GREATER
    private readonly Lock _randomGate = new();
#else
    private readonly object _randomGate = new();
#endif
    private readonly Random _random;
    private readonly string _ownerPrefix;
    private readonly string _payOwner;
    private long _lastCountTicks = long.MinValue / 2;
    private long _owners;

    /// <summary>Creates a gateway.</summary>
    /// <param name="providers">The providers; at least one.</param>
    /// <param name="store">The payment store.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <param name="eventObservers">Event observers; none when <see langword="null"/>.</param>
    /// <param name="meterFactory">Metrics; a private meter when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">No provider, duplicate names, or a failover order naming an unknown provider.</exception>
    public PaymentGateway(
        IEnumerable<IPaymentProvider> providers,
        IPaymentStore store,
        IOptions<PaymentGatewayOptions> options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IEnumerable<IPaymentEventObserver>? eventObservers = null,
        IMeterFactory? meterFactory = null)
        : this(providers, store, options, timeProvider, loggerFactory, eventObservers, meterFactory, random: null)
    {
    }

    internal PaymentGateway(
        IEnumerable<IPaymentProvider> providers,
        IPaymentStore store,
        IOptions<PaymentGatewayOptions> options,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        IEnumerable<IPaymentEventObserver>? eventObservers,
        IMeterFactory? meterFactory,
        Random? random)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _options = new PaymentGatewayOptionsValidator().ThrowIfInvalid(options.Value);

        _store = store;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Resilience.Payments.PaymentGateway");
        _events = new EventDispatcher(eventObservers ?? [], _logger);
        _random = random ?? new Random();
        _instance = _options.InstanceName ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}");
        _ownerPrefix = string.Create(CultureInfo.InvariantCulture, $"{_instance}/{Guid.NewGuid().ToString("N")[..10]}."); // 40 random bits tell restarts apart
        _payOwner = _ownerPrefix + "pay";
        _providers = new ProviderRegistry(providers, _options, _time, _logger, OnCircuitChangedAsync);
        _telemetry = new PaymentsTelemetry(meterFactory, _providers.Health);
    }

    /// <inheritdoc />
    public Task<PaymentResult> PayAsync(PaymentRequest request, CancellationToken cancellationToken = default)
    {
        Task<PaymentResult> run;
        try
        {
            RequestValidator.ThrowIfInvalid(request, request?.ExpiresAt is null ? default : _time.GetUtcNow()); // the clock only for an expiry
            AmountLimits.ThrowIfAboveLimits(request, _options, _providers);
            run = Join(request);
        }
#pragma warning disable CA1031 // handed to the caller in the task, as an async method would
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromException<PaymentResult>(ex);
        }

        // A caller who stops waiting neither cancels the payment nor the other callers' wait.
        return cancellationToken.CanBeCanceled ? run.WaitAsync(cancellationToken) : run;
    }

    /// <inheritdoc />
    public async Task<PaymentResult?> GetAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var record = await _store.GetAsync(idempotencyKey, cancellationToken).ConfigureAwait(false);
        return record is null ? null : new PaymentResult(record);
    }

    /// <inheritdoc />
    public async Task<ProviderUpdateResult> ApplyProviderUpdateAsync(ProviderUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(update.Provider);
        ArgumentNullException.ThrowIfNull(update.Outcome);

        var provider = _providers.Find(update.Provider)?.Name ?? update.Provider;
        var (record, number) = await FindAttemptAsync(update with { Provider = provider }, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            Log.UnknownReference(_logger, update.Provider, update.AttemptReference, update.ProviderReference);
            return new ProviderUpdateResult(ProviderUpdateDisposition.UnknownReference, null);
        }

        var outcome = await GuardNewReferenceAsync(record, record.Attempts[number - 1], update.Outcome, update.AttemptVerified, cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(outcome, update.Outcome))
        {
            Log.ReferenceNotBound(_logger, update.Provider, record.Key, record.Attempts[number - 1].Reference, outcome.Reason);
            return new ProviderUpdateResult(ProviderUpdateDisposition.UnknownReference, null);
        }

        var after = await RecordOutcomeAsync(record, number, outcome, update.Source).ConfigureAwait(false);
        var disposition = ReferenceEquals(after, record) ? ProviderUpdateDisposition.Unchanged : ProviderUpdateDisposition.Applied;
        return new ProviderUpdateResult(disposition, new PaymentResult(after));
    }

    /// <inheritdoc />
    public IReadOnlyList<ProviderHealth> GetProviderHealth() => _providers.Health();

    /// <inheritdoc />
    public void Dispose() => _telemetry.Dispose();

    /// <summary>One cycle of the queue worker: claims due queued payments and routes each again.</summary>
    internal Task<int> RunQueueOnceAsync(CancellationToken cancellationToken) =>
        RunClaimedAsync([PaymentStatus.Queued], _options.Queue.BatchSize, (record, owner, ct) => RouteAsync(record, owner, excluded: null, ct), cancellationToken);

    /// <summary>One cycle of the reconciler: claims due unresolved payments and asks their providers.</summary>
    internal Task<int> RunReconciliationOnceAsync(CancellationToken cancellationToken) =>
        RunClaimedAsync(
            [PaymentStatus.Pending, PaymentStatus.ActionRequired, PaymentStatus.Processing],
            _options.Reconciliation.BatchSize,
            ReconcileAsync,
            cancellationToken);

    /// <summary>
    /// Callers in this process with the same key share one run: exactly one provider call. The run takes no caller's
    /// token. The request is compared field by field with the running one (no hashing on this path).
    /// </summary>
    private Task<PaymentResult> Join(PaymentRequest request)
    {
        var key = request.IdempotencyKey;
        while (true)
        {
            if (_inFlight.TryGetValue(key, out var running))
            {
                if (!RequestFingerprint.Equivalent(running.Request, request))
                {
                    throw new IdempotencyConflictException(key);
                }

                _telemetry.Replay();
                return running.Task;
            }

            var mine = new InFlight(request);
            if (_inFlight.TryAdd(key, mine))
            {
                _ = RunInFlightAsync(mine).AsTask(); // completes synchronously when the provider does: no second task
                return mine.Task;
            }
        }
    }

    private async ValueTask RunInFlightAsync(InFlight run)
    {
        try
        {
            run.SetResult(await PayCoreAsync(run.Request, CancellationToken.None).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // handed to every waiting caller
        catch (Exception ex)
#pragma warning restore CA1031
        {
            run.SetException(ex);
            _ = run.Task.Exception; // observed here; each waiting caller rethrows it
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, InFlight>(run.Request.IdempotencyKey, run));
        }
    }

    /// <summary>
    /// Creates the payment and routes it. When a candidate can take the payment now, the created record already holds
    /// its first attempt (one durable write, not two, before the provider is called); when none can, the record is
    /// created in its end state (queued, failed or expired: one write in all).
    /// </summary>
    private async ValueTask<PaymentResult> PayCoreAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        using var activity = PaymentsTelemetry.ActivitySource.StartActivity("payments.pay");
        activity?.SetTag("payment.key", request.IdempotencyKey);

        var now = _time.GetUtcNow();
        var owner = _payOwner;
        var plan = Plan(request, now);
        var record = plan.Begun >= 0 ? Begun(request, plan.Candidates[plan.Begun], owner, now) : Unrouted(request, plan, now);
        var (stored, created) = await _store.TryCreateAsync(record, cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            if (!stored.IsRequest(request))
            {
                throw new IdempotencyConflictException(request.IdempotencyKey);
            }

            _telemetry.Replay();
            return new PaymentResult(stored);
        }

        ReportSkipped(plan.Notes, request.IdempotencyKey);
        await OnStatusChangedAsync(stored, previous: null).ConfigureAwait(false);
        var final = plan.Begun >= 0 ? await RouteAsync(stored, owner, plan, cancellationToken).ConfigureAwait(false) : stored;
        activity?.SetTag("payment.status", final.Status.ToString());
        return new PaymentResult(final);
    }

    /// <summary>The candidates for a new payment and the first that can take it now; skipping one touches no state.</summary>
    private RoutePlan Plan(PaymentRequest request, DateTimeOffset now)
    {
        List<string>? unfit = null;
        var candidates = _providers.Candidates(request, ref unfit);
        var notes = default(RouteNotes);
        if (!(request.ExpiresAt <= now))
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                if (candidates[i].Provider.AcceptsCalls(now, out var circuit))
                {
                    return new RoutePlan(candidates, unfit, notes, Begun: i);
                }

                notes.Add(new RouteNote(candidates[i], circuit, Reason: null));
            }
        }

        return new RoutePlan(candidates, unfit, notes, Begun: -1);
    }

    /// <summary>A new payment that holds its first attempt, leased to <paramref name="owner"/>.</summary>
    private PaymentRecord Begun(PaymentRequest request, Candidate candidate, string owner, DateTimeOffset now)
    {
        var leaseExpiresAt = now + _options.LeaseDuration;
        return new PaymentRecord
        {
            Key = request.IdempotencyKey,
            Request = request,
            Status = PaymentStatus.Processing,
            Attempts =
            [
                new PaymentAttempt
                {
                    Number = 1,
                    Reference = AttemptReference.Create(request.IdempotencyKey, 1),
                    Provider = candidate.Provider.Name,
                    Instrument = candidate.Instrument,
                    StartedAt = now,
                },
            ],
            Version = 1, // what every store assigns to a new record; the in-memory store then keeps this instance
            CreatedAt = now,
            UpdatedAt = now,
            LeaseOwner = owner,
            LeaseExpiresAt = leaseExpiresAt,
            DueAt = leaseExpiresAt,
        };
    }

    /// <summary>A new payment no candidate can take now, in the state routing would have ended it in.</summary>
    private PaymentRecord Unrouted(PaymentRequest request, RoutePlan plan, DateTimeOffset now)
    {
        var end = DecideUnrouted(request, queueRounds: 0, now, plan.Candidates.Count == 0, plan.Notes, plan.Unfit);
        return new PaymentRecord
        {
            Key = request.IdempotencyKey,
            Request = request,
            Status = end.Status,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
            DueAt = end.DueAt,
            QueueRounds = end.QueueRounds,
            FailureReason = end.Reason,
        };
    }

    private void ReportSkipped(RouteNotes notes, string key)
    {
        for (var i = 0; i < notes.Count; i++)
        {
            var note = notes[i];
            if (note.Circuit is { } circuit)
            {
                _telemetry.BreakerRejection(note.Candidate.Provider.Name);
                Log.CircuitSkipped(_logger, note.Candidate.Provider.Name, key, circuit);
            }
        }
    }

    /// <summary>
    /// Tries the candidates in order while holding the payment's lease. Starts an attempt only when the previous
    /// one is resolved as not processed, records it before calling the provider, and records the outcome before
    /// deciding anything. Ends Succeeded/Pending/ActionRequired/Declined, or Queued/Failed/Expired when no candidate could take it.
    /// </summary>
    private ValueTask<PaymentRecord> RouteAsync(PaymentRecord record, string owner, PaymentAttempt? excluded, CancellationToken cancellationToken)
    {
        List<string>? unfit = null;
        var candidates = _providers.Candidates(record.Request, ref unfit);
        if (excluded is not null)
        {
            // Failover after reconciliation: the pair that was just found not processed goes last in this round.
            var index = candidates.FindIndex(c => c.Provider.Name == excluded.Provider && c.Instrument.Canonical == excluded.Instrument.Canonical);
            if (index >= 0)
            {
                var pair = candidates[index];
                candidates.RemoveAt(index);
                candidates.Add(pair);
            }
        }

        return RouteAsync(record, owner, new RoutePlan(candidates, unfit, default, Begun: -1), cancellationToken);
    }

    /// <summary>
    /// Routes from a plan: the candidates before <see cref="RoutePlan.Begun"/> were skipped when the payment was created
    /// (their notes are in the plan), and the record's last attempt is the begun candidate's.
    /// </summary>
    private async ValueTask<PaymentRecord> RouteAsync(PaymentRecord record, string owner, RoutePlan plan, CancellationToken cancellationToken)
    {
        var candidates = plan.Candidates;
        var notes = plan.Notes; // formatted only if the payment ends unrouted

        for (var i = Math.Max(plan.Begun, 0); i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            int number;
            if (i == plan.Begun)
            {
                number = record.Attempts.Count; // stored with the payment
            }
            else
            {
                var now = _time.GetUtcNow();
                if (record.Request.ExpiresAt <= now)
                {
                    break;
                }

                if (!candidate.Provider.AcceptsCalls(now, out var circuit))
                {
                    notes.Add(new RouteNote(candidate, circuit, Reason: null));
                    _telemetry.BreakerRejection(candidate.Provider.Name);
                    Log.CircuitSkipped(_logger, candidate.Provider.Name, record.Key, circuit);
                    continue;
                }

                var begun = await BeginAttemptAsync(record, candidate, owner).ConfigureAwait(false);
                if (begun.Number == 0)
                {
                    return begun.Record; // someone else holds the payment now, or it was decided meanwhile
                }

                record = begun.Record;
                number = begun.Number;
            }

            var attempt = record.Attempts[number - 1];
            var outcome = await InitiateAsync(candidate.Provider, record, attempt, cancellationToken).ConfigureAwait(false);
            record = await RecordOutcomeAsync(record, number, outcome, OutcomeSource.Response).ConfigureAwait(false);

            if (cancellationToken.IsCancellationRequested && outcome.Kind == OutcomeKind.Unknown)
            {
                // Recorded as unknown: the reconciler resolves it. The caller asked to stop waiting.
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (record.Status != PaymentStatus.Processing || !string.Equals(record.LeaseOwner, owner, StringComparison.Ordinal)
                || record.Attempts[number - 1].Outcome != OutcomeKind.NotProcessed)
            {
                return record;
            }

            var reason = record.Attempts[number - 1].Reason ?? "not processed";
            notes.Add(new RouteNote(candidate, Circuit: null, reason));
            _telemetry.Failover(candidate.Provider.Name);
        }

        return await FinishUnroutedAsync(record, owner, candidates.Count == 0, notes, plan.Unfit).ConfigureAwait(false);
    }

    private async ValueTask<PaymentRecord> FinishUnroutedAsync(PaymentRecord record, string owner, bool noProviderFits, RouteNotes notes, List<string>? unfit)
    {
        var now = _time.GetUtcNow();
        var (status, reason, dueAt, queueRounds) = DecideUnrouted(record.Request, record.QueueRounds, now, noProviderFits, notes, unfit);
        var saved = await SaveAsOwnerAsync(
            record,
            owner,
            (Status: status, Reason: reason, DueAt: dueAt, QueueRounds: queueRounds, Now: now),
            NothingUnresolved,
            static (latest, change) => latest with
            {
                Status = change.Status,
                FailureReason = change.Reason,
                DueAt = change.DueAt,
                QueueRounds = change.QueueRounds,
                LeaseOwner = null,
                LeaseExpiresAt = null,
                UpdatedAt = change.Now,
            }).ConfigureAwait(false);
        return saved.Record;
    }

    /// <summary>Where a payment no candidate took ends: expired, failed (no provider fits, queueing not allowed, or retries used up) or queued.</summary>
    private (PaymentStatus Status, string Reason, DateTimeOffset? DueAt, int QueueRounds) DecideUnrouted(
        PaymentRequest request, int queueRounds, DateTimeOffset now, bool noProviderFits, RouteNotes notes, List<string>? unfit)
    {
        if (request.ExpiresAt <= now)
        {
            return (PaymentStatus.Expired, "The payment expired before any provider could take it." + Describe(notes), null, queueRounds);
        }

        if (noProviderFits)
        {
            return (PaymentStatus.Failed, "No configured provider can charge this payment: " + string.Join("; ", unfit ?? []) + ".", null, queueRounds);
        }

        if (!request.AllowQueue)
        {
            return (PaymentStatus.Failed, "No provider could take the payment and it may not be queued." + Describe(notes), null, queueRounds);
        }

        if (queueRounds >= _options.Queue.MaxAttempts)
        {
            return (PaymentStatus.Failed, $"No provider could take the payment after {queueRounds} retries from the queue." + Describe(notes), null, queueRounds);
        }

        var dueAt = now + Backoff.Compute(_options.Queue.InitialDelay, _options.Queue.MaxDelay, queueRounds, _options.Queue.JitterFactor, NextRandom());
        return (PaymentStatus.Queued, "No provider can take the payment now; it will be retried." + Describe(notes), dueAt, queueRounds + 1);
    }

    private async ValueTask<(PaymentRecord Record, int Number)> BeginAttemptAsync(PaymentRecord record, Candidate candidate, string owner)
    {
        var now = _time.GetUtcNow();
        var saved = await SaveAsOwnerAsync(
            record,
            owner,
            (Candidate: candidate, Now: now, LeaseExpiresAt: now + _options.LeaseDuration),
            // Safety rule 1: a new attempt only when the previous one provably charged nothing.
            NothingUnresolved,
            static (latest, begin) =>
            {
                var previous = latest.Attempts;
                var number = previous.Count + 1;
                var attempts = new PaymentAttempt[number];
                for (var i = 0; i < previous.Count; i++)
                {
                    attempts[i] = previous[i];
                }

                attempts[number - 1] = new PaymentAttempt
                {
                    Number = number,
                    Reference = ReusableReference(latest, begin.Candidate) ?? AttemptReference.Create(latest.Key, number),
                    Provider = begin.Candidate.Provider.Name,
                    Instrument = begin.Candidate.Instrument,
                    StartedAt = begin.Now,
                };
                return latest with
                {
                    Status = PaymentStatus.Processing,
                    Attempts = attempts,
                    LeaseExpiresAt = begin.LeaseExpiresAt,
                    DueAt = begin.LeaseExpiresAt,
                    FailureReason = null,
                    StatusChecks = 0,
                    UpdatedAt = begin.Now,
                };
            }).ConfigureAwait(false);

        // The stored record's last attempt is the one just begun.
        return saved.Changed ? (saved.Record, saved.Record.Attempts.Count) : (saved.Record, 0);
    }

    /// <summary>
    /// Safety rule 11: a new attempt on a provider that refuses a reused reference, with the same instrument as an earlier attempt that a
    /// status query found "not found", reuses that attempt's reference, so that the earlier request landing late is refused as a
    /// duplicate instead of charged.
    /// </summary>
    private static string? ReusableReference(PaymentRecord record, Candidate candidate)
    {
        if (!candidate.Provider.Provider.Capabilities.DeduplicatesByReference)
        {
            return null;
        }

        for (var i = record.Attempts.Count - 1; i >= 0; i--)
        {
            var earlier = record.Attempts[i];
            if (earlier is { Outcome: OutcomeKind.NotProcessed, Source: OutcomeSource.StatusQuery }
                && string.Equals(earlier.Provider, candidate.Provider.Name, StringComparison.OrdinalIgnoreCase)
                && string.Equals(earlier.Instrument.Canonical, candidate.Instrument.Canonical, StringComparison.Ordinal))
            {
                return earlier.Reference;
            }
        }

        return null;
    }

    private async ValueTask<ProviderOutcome> InitiateAsync(ProviderEntry provider, PaymentRecord record, PaymentAttempt attempt, CancellationToken cancellationToken)
    {
        using var activity = PaymentsTelemetry.ActivitySource.StartActivity("payments.attempt");
        activity?.SetTag("payment.provider", provider.Name);
        activity?.SetTag("payment.attempt", attempt.Reference);
        var started = _telemetry.AttemptsEnabled ? _time.GetTimestamp() : 0;
        var outcome = await provider.InitiateAsync(
            new ProviderPaymentRequest
            {
                PaymentKey = record.Key,
                AttemptReference = attempt.Reference,
                AttemptNumber = attempt.Number,
                Amount = record.Request.Amount,
                Instrument = attempt.Instrument,
                AccountReference = record.Request.AccountReference,
                Description = record.Request.Description,
                Metadata = record.Request.Metadata,
            },
            cancellationToken).ConfigureAwait(false);
        if (started != 0)
        {
            _telemetry.Attempt(provider.Name, outcome.Kind, _time.GetElapsedTime(started));
        }

        activity?.SetTag("payment.outcome", outcome.Kind.ToString());
        if (_logger.IsEnabled(LogLevel.Information))
        {
            Log.AttemptCompleted(_logger, attempt.Reference, provider.Name, attempt.Instrument.Masked, outcome.Kind, outcome.Code, outcome.Reason);
        }

        return outcome;
    }

    /// <summary>Reconciles one claimed payment: asks the provider about its unresolved attempt, then settles, waits, or fails over.</summary>
    private async ValueTask<PaymentRecord> ReconcileAsync(PaymentRecord record, string owner, CancellationToken cancellationToken)
    {
        var last = record.LastAttempt;
        if (last is null || last.Outcome == OutcomeKind.NotProcessed)
        {
            return await RouteAsync(record, owner, last, cancellationToken).ConfigureAwait(false); // nothing unresolved: free to route
        }

        if (!last.IsResolved)
        {
            var provider = _providers.Find(last.Provider);
            if (provider is null)
            {
                Log.ProviderMissing(_logger, record.Key, last.Provider);
                return await RescheduleCheckAsync(record, owner).ConfigureAwait(false);
            }

            var outcome = await provider.QueryStatusAsync(
                new ProviderStatusRequest
                {
                    PaymentKey = record.Key,
                    AttemptReference = last.Reference,
                    ProviderReference = last.ProviderReference,
                    Amount = record.Request.Amount,
                    Instrument = last.Instrument,
                    StartedAt = last.StartedAt,
                    LastInFlightAt = last.StartedAt + provider.AttemptTimeout,
                    ObservedDelay = provider.ObservedDelay(_time.GetUtcNow()),
                    AccountReference = record.Request.AccountReference,
                },
                cancellationToken).ConfigureAwait(false);
            outcome = await GuardNewReferenceAsync(record, last, outcome, verified: true, cancellationToken).ConfigureAwait(false); // asked about this attempt
            record = await RecordOutcomeAsync(record, last.Number, outcome, OutcomeSource.StatusQuery).ConfigureAwait(false);
            if (!string.Equals(record.LeaseOwner, owner, StringComparison.Ordinal) || record.Status.IsFinal())
            {
                return record;
            }

            if (record.LastAttempt is { Outcome: OutcomeKind.NotProcessed } notProcessed)
            {
                return await RouteAsync(record, owner, notProcessed, cancellationToken).ConfigureAwait(false); // safety rule 1 satisfied
            }

            await FlagIfLongUnresolvedAsync(record, last, outcome).ConfigureAwait(false);
        }

        return await RescheduleCheckAsync(record, owner).ConfigureAwait(false);
    }

    private async ValueTask<PaymentRecord> RescheduleCheckAsync(PaymentRecord record, string owner)
    {
        var now = _time.GetUtcNow();
        var delay = Backoff.Compute(_options.Reconciliation.FirstCheckDelay, _options.Reconciliation.MaxDelay, record.StatusChecks + 1, 0.1, NextRandom());
        var saved = await SaveAsOwnerAsync(
            record,
            owner,
            (Now: now, Delay: delay),
            static _ => true,
            static (latest, change) => latest with
            {
                Status = latest.Status == PaymentStatus.Processing ? PaymentStatus.Pending : latest.Status,
                StatusChecks = latest.StatusChecks + 1,
                DueAt = latest.Status.IsFinal() ? null : change.Now + change.Delay,
                LeaseOwner = null,
                LeaseExpiresAt = null,
                UpdatedAt = change.Now,
            }).ConfigureAwait(false);
        return saved.Record;
    }

    private async Task<int> RunClaimedAsync(
        PaymentStatus[] statuses,
        int batchSize,
        Func<PaymentRecord, string, CancellationToken, ValueTask<PaymentRecord>> process,
        CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var owner = NewOwner();
        var claimed = await _store.ClaimDueAsync(
            new PaymentClaim
            {
                Statuses = statuses,
                Now = now,
                Owner = owner,
                LeaseExpiresAt = now + _options.LeaseDuration,
                MaxCount = batchSize,
            },
            cancellationToken).ConfigureAwait(false);
        if (claimed.Count > 0)
        {
            await Task.WhenAll(claimed.Select(record => process(record, owner, cancellationToken).AsTask())).ConfigureAwait(false);
        }

        // The queue-depth gauge is refreshed at most every 10 s: a count is a scan on a shared database.
        var lastCount = Interlocked.Read(ref _lastCountTicks);
        if (now.UtcTicks - lastCount >= TimeSpan.TicksPerSecond * 10 && Interlocked.CompareExchange(ref _lastCountTicks, now.UtcTicks, lastCount) == lastCount)
        {
            _telemetry.SetCounts(await _store.CountByStatusAsync(cancellationToken).ConfigureAwait(false));
        }

        return claimed.Count;
    }

    private async Task<(PaymentRecord? Record, int Number)> FindAttemptAsync(ProviderUpdate update, CancellationToken cancellationToken)
    {
        PaymentRecord? record = null;
        if (AttemptReference.TryParse(update.AttemptReference, out var key, out var number))
        {
            record = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (record is not null && FindByReference(record, update.AttemptReference!, update.Provider) is { } attempt)
            {
                return (record, attempt.Number);
            }
        }

        if (update.ProviderReference is { Length: > 0 } providerReference)
        {
            record = await _store.FindByProviderReferenceAsync(update.Provider, providerReference, cancellationToken).ConfigureAwait(false);
            if (record?.FindAttempt(update.Provider, providerReference) is { } attempt)
            {
                return (record, attempt.Number);
            }
        }

        return (null, 0);
    }

    /// <summary>
    /// The latest attempt through <paramref name="provider"/> whose whole reference is <paramref name="reference"/> (its random part
    /// included: a guessed or altered reference finds nothing). Attempts that reuse an earlier reference share it; the latest answers.
    /// </summary>
    private static PaymentAttempt? FindByReference(PaymentRecord record, string reference, string provider)
    {
        for (var i = record.Attempts.Count - 1; i >= 0; i--)
        {
            var attempt = record.Attempts[i];
            if (string.Equals(attempt.Reference, reference, StringComparison.Ordinal) && string.Equals(attempt.Provider, provider, StringComparison.OrdinalIgnoreCase))
            {
                return attempt;
            }
        }

        return null;
    }

    /// <summary>
    /// Refuses a provider reference learnt after the attempt (a late callback or a statement match for an attempt whose reply was
    /// lost) when the attempt already has another one, or when another attempt already owns it: one provider transaction settles
    /// at most one attempt. A refused outcome becomes <see cref="OutcomeKind.Unknown"/>, which changes nothing.
    /// </summary>
    private async Task<ProviderOutcome> GuardNewReferenceAsync(PaymentRecord record, PaymentAttempt attempt, ProviderOutcome outcome, bool verified, CancellationToken cancellationToken)
    {
        if (outcome.ProviderReference is not { Length: > 0 } reference || string.Equals(reference, attempt.ProviderReference, StringComparison.Ordinal))
        {
            return outcome;
        }

        if (attempt.ProviderReference is not null)
        {
            return ProviderOutcome.Unknown("The provider named another transaction than the one this attempt already has.");
        }

        // Safety rule 10: bound only when proven to belong (a signed token or the provider's answer about this attempt, or a
        // reported amount, payer and time that match it).
        if (SuccessCheck.WhyNotBinding(attempt, record.Request.Amount, outcome, verified, _time.GetUtcNow()) is { } why)
        {
            return ProviderOutcome.Unknown("The provider's transaction is not bound to this attempt: " + why + ".");
        }

        var owner = await _store.FindByProviderReferenceAsync(attempt.Provider, reference, cancellationToken).ConfigureAwait(false);
        var taken = owner?.Attempts.Any(a => string.Equals(a.ProviderReference, reference, StringComparison.Ordinal)
            && string.Equals(a.Provider, attempt.Provider, StringComparison.OrdinalIgnoreCase)
            && !(string.Equals(owner.Key, record.Key, StringComparison.Ordinal) && string.Equals(a.Reference, attempt.Reference, StringComparison.Ordinal))) == true;
        return taken ? ProviderOutcome.Unknown("The provider's transaction already belongs to another attempt.") : outcome;
    }

    /// <summary>Applies an attempt's outcome with compare-and-swap, re-reading on conflict, so that no outcome is ever lost.</summary>
    private async ValueTask<PaymentRecord> RecordOutcomeAsync(PaymentRecord record, int number, ProviderOutcome outcome, OutcomeSource source)
    {
        if (outcome.Kind == OutcomeKind.Succeeded
            && SuccessCheck.WhyNotMatching(record.Request.Amount, record.Attempts[number - 1].Instrument, outcome) is { } mismatch)
        {
            return await RecordMismatchAsync(record, number, outcome, source, mismatch).ConfigureAwait(false);
        }

        while (true)
        {
            var next = PaymentTransitions.ApplyOutcome(record, number, outcome, source, _time.GetUtcNow(), _options.Reconciliation.FirstCheckDelay, out var secondSuccess);
            if (next is null)
            {
                return record;
            }

            var stored = await SaveAsync(record, next).ConfigureAwait(false);
            if (stored is not null)
            {
                if (secondSuccess)
                {
                    await OnExtraChargeAsync(stored, number).ConfigureAwait(false);
                }

                return stored;
            }

            record = await ReloadAsync(record.Key).ConfigureAwait(false);
        }
    }

    /// <summary>Safety rule 8: a success that does not match the attempt is recorded on it, raised and counted, never settled.</summary>
    private async ValueTask<PaymentRecord> RecordMismatchAsync(PaymentRecord record, int number, ProviderOutcome outcome, OutcomeSource source, string why)
    {
        var mismatch = new AmountMismatch
        {
            ReportedAmount = outcome.Amount,
            ReportedPayer = outcome.Payer is { Length: > 0 } payer ? SuccessCheck.MaskedPayer(payer) : null,
            Receipt = outcome.Receipt,
            ProviderReference = outcome.ProviderReference,
            Source = source,
            DetectedAt = _time.GetUtcNow(),
            Reason = why,
        };
        while (true)
        {
            var next = PaymentTransitions.ApplyMismatch(record, number, mismatch, outcome.ProviderReference, mismatch.DetectedAt, _options.Reconciliation.FirstCheckDelay);
            if (next is null)
            {
                return record;
            }

            var stored = await SaveAsync(record, next).ConfigureAwait(false);
            if (stored is not null)
            {
                var attempt = stored.Attempts[number - 1];
                _telemetry.AmountMismatch(attempt.Provider, source);
                Log.AmountMismatch(_logger, stored.Key, attempt.Reference, attempt.Provider, source, why);
                if (_events.HasHandlers)
                {
                    await _events.PublishAsync(new PaymentAmountMismatchEvent
                    {
                        OccurredAt = mismatch.DetectedAt,
                        Payment = new PaymentResult(stored),
                        AttemptNumber = number,
                        Mismatch = mismatch,
                    }).ConfigureAwait(false);
                }

                return stored;
            }

            record = await ReloadAsync(record.Key).ConfigureAwait(false);
        }
    }

    /// <summary>A second charge for one payment: kept on the record, logged, counted and raised (safety rule 12 gives it back).</summary>
    private async ValueTask OnExtraChargeAsync(PaymentRecord record, int number)
    {
        var charge = record.ExtraCharges.LastOrDefault(c => c.AttemptNumber == number);
        if (charge is null)
        {
            return;
        }

        _telemetry.ExtraCharge(charge.Provider);
        Log.SecondSuccess(_logger, record.Key, record.Attempts[number - 1].Reference, charge.Provider, charge.Amount.ToString());
        if (_events.HasHandlers)
        {
            await _events.PublishAsync(new PaymentExtraChargeEvent { OccurredAt = charge.DetectedAt, Payment = new PaymentResult(record), Charge = charge }).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes a change while this owner holds the payment's lease and <paramref name="precondition"/> holds, retrying on
    /// benign conflicts (a duplicate callback). Gives up, unchanged, when the lease moved or the payment became final.
    /// </summary>
    private async ValueTask<(PaymentRecord Record, bool Changed)> SaveAsOwnerAsync<TState>(
        PaymentRecord record,
        string owner,
        TState state,
        Func<PaymentRecord, bool> precondition,
        Func<PaymentRecord, TState, PaymentRecord> change)
    {
        while (true)
        {
            if (!string.Equals(record.LeaseOwner, owner, StringComparison.Ordinal) || record.Status.IsFinal() || !precondition(record))
            {
                Log.LeaseLost(_logger, record.Key);
                return (record, false);
            }

            var stored = await SaveAsync(record, change(record, state)).ConfigureAwait(false);
            if (stored is not null)
            {
                return (stored, true);
            }

            record = await ReloadAsync(record.Key).ConfigureAwait(false);
        }
    }

    /// <summary>Safety rule 1: the payment has no attempt, or its latest attempt provably charged nothing.</summary>
    private static bool NothingUnresolved(PaymentRecord latest) => latest.LastAttempt is null || latest.LastAttempt.Outcome == OutcomeKind.NotProcessed;

    private async ValueTask<PaymentRecord?> SaveAsync(PaymentRecord before, PaymentRecord after)
    {
        // Never cancelled: once a provider may have been called, its outcome must reach the store.
        var stored = await _store.TryUpdateAsync(after, CancellationToken.None).ConfigureAwait(false);
        if (stored is not null && stored.Status != before.Status)
        {
            await OnStatusChangedAsync(stored, before.Status).ConfigureAwait(false);
        }

        return stored;
    }

    private async ValueTask<PaymentRecord> ReloadAsync(string key) =>
        await _store.GetAsync(key, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Payment {key} disappeared from the store.");

    private ValueTask OnStatusChangedAsync(PaymentRecord record, PaymentStatus? previous)
    {
        var provider = record.DecidingAttempt?.Provider;
        _telemetry.StatusChanged(record.Status, provider);
        Log.StatusChanged(_logger, record.Key, record.Status, provider);
        return _events.HasHandlers
            ? _events.PublishAsync(new PaymentStatusChangedEvent
            {
                OccurredAt = _time.GetUtcNow(),
                Payment = new PaymentResult(record),
                PreviousStatus = previous,
            })
            : default;
    }

    /// <summary>Logs and raises <see cref="PaymentNeedsAttentionEvent"/> when an attempt has stayed unresolved past the threshold.</summary>
    private async ValueTask FlagIfLongUnresolvedAsync(PaymentRecord record, PaymentAttempt attempt, ProviderOutcome lastAnswer)
    {
        var unresolved = _time.GetUtcNow() - attempt.StartedAt;
        if (unresolved < _options.Reconciliation.AttentionAfter || record.Status != PaymentStatus.Pending && record.Status != PaymentStatus.ActionRequired)
        {
            return;
        }

        Log.NeedsAttention(_logger, record.Key, attempt.Reference, attempt.Provider, unresolved, lastAnswer.Reason);
        if (_events.HasHandlers)
        {
            await _events.PublishAsync(new PaymentNeedsAttentionEvent
            {
                OccurredAt = _time.GetUtcNow(),
                Payment = new PaymentResult(record),
                Unresolved = unresolved,
                LastReason = lastAnswer.Reason,
            }).ConfigureAwait(false);
        }
    }

    private async ValueTask OnCircuitChangedAsync(string provider, ProviderCircuitState state)
    {
        Log.CircuitChanged(_logger, provider, state);
        await _events.PublishAsync(new ProviderCircuitChangedEvent { OccurredAt = _time.GetUtcNow(), Provider = provider, State = state }).ConfigureAwait(false);
    }

    /// <summary>
    /// A lease owner unique to this claim: this gateway's random prefix and a counter (no random number per call). New payments
    /// are created leased to <see cref="_payOwner"/>, one owner for every run of <see cref="PayAsync"/> in this gateway: a
    /// record is created once, leased to it only then, and in-process coalescing lets one run per key at a time, so a run that
    /// lost its lease (to a worker's claim, always another owner) can never find it held by that owner again.
    /// </summary>
    private string NewOwner() => string.Create(CultureInfo.InvariantCulture, $"{_ownerPrefix}{Interlocked.Increment(ref _owners)}");

    private double NextRandom()
    {
        lock (_randomGate)
        {
            return _random.NextDouble();
        }
    }

    private static string Describe(RouteNotes notes) => notes.IsEmpty ? string.Empty : " " + notes.ToString() + ".";

    /// <summary>The notes of one routing: the first held inline, so skipping one open circuit allocates nothing.</summary>
    private struct RouteNotes
    {
        private RouteNote _first;
        private List<RouteNote>? _more;

        public readonly bool IsEmpty => _first.Candidate.Provider is null;

        public readonly int Count => IsEmpty ? 0 : 1 + (_more?.Count ?? 0);

        public readonly RouteNote this[int index] => index == 0 ? _first : _more![index - 1];

        public void Add(RouteNote note)
        {
            if (IsEmpty)
            {
                _first = note;
            }
            else
            {
                (_more ??= []).Add(note);
            }
        }

        public override readonly string ToString() => _more is null ? _first.ToString() : _first + "; " + string.Join("; ", _more);
    }

    /// <summary>
    /// How to route a payment: its candidates in order, why other providers cannot serve it, the candidates already
    /// skipped, and the index of the candidate whose attempt the record already holds (-1 when none).
    /// </summary>
    private readonly record struct RoutePlan(List<Candidate> Candidates, List<string>? Unfit, RouteNotes Notes, int Begun);

    /// <summary>Why a candidate did not take the payment; formatted only when the payment ends unrouted.</summary>
    private readonly record struct RouteNote(Candidate Candidate, ProviderCircuitState? Circuit, string? Reason)
    {
        public override string ToString() => Circuit is { } circuit
            ? $"{Candidate.Provider.Name} ({Candidate.Instrument.Masked}): circuit {circuit.ToString().ToLowerInvariant()}"
            : $"{Candidate.Provider.Name} ({Candidate.Instrument.Masked}): {Reason}";
    }

    /// <summary>One in-process run of a payment, shared by every caller with its key.</summary>
    private sealed class InFlight(PaymentRequest request) : TaskCompletionSource<PaymentResult>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public PaymentRequest Request { get; } = request;
    }
}
