using System;
using System.Collections;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>
/// The logger factory's scope provider, with the callback secret taken out of every scope pushed. ASP.NET Core's hosting layer
/// opens a scope holding <c>RequestPath</c> (PathBase + Path) for every request, before any middleware or endpoint runs, so a
/// callback URL's secret segment would otherwise be written beside every message logged during the request by each logger
/// provider that includes scopes. <c>AddPaymentCallbacks</c> registers this as the <see cref="IExternalScopeProvider"/> that
/// <see cref="LoggerFactory"/> takes from dependency injection and hands to every provider supporting external scopes.
/// </summary>
internal sealed class RedactingScopeProvider : IExternalScopeProvider
{
    private readonly IExternalScopeProvider _inner;
    private readonly CallbackSecrets _secrets;

    public RedactingScopeProvider(IExternalScopeProvider inner, CallbackSecrets secrets)
    {
        _inner = inner;
        _secrets = secrets;
    }

    /// <inheritdoc />
    public void ForEachScope<TState>(Action<object?, TState> callback, TState state) => _inner.ForEachScope(callback, state);

    /// <inheritdoc />
    public IDisposable Push(object? state) => _inner.Push(Redact(state));

    /// <summary>
    /// The scope provider <see cref="LoggerFactory"/> would have made itself (its <see cref="LoggerFactoryOptions.ActivityTrackingOptions"/>
    /// included: trace and span ids stay in scopes), obtained from a throwaway factory, since its type is not public.
    /// </summary>
    public static IExternalScopeProvider CreateDefault(IServiceProvider services)
    {
        var capture = new ScopeProviderCapture();
        var filters = services.GetService(typeof(IOptionsMonitor<LoggerFilterOptions>)) as IOptionsMonitor<LoggerFilterOptions>;
        var options = services.GetService(typeof(IOptions<LoggerFactoryOptions>)) as IOptions<LoggerFactoryOptions>;
        using (filters is null ? new LoggerFactory([capture]) : new LoggerFactory([capture], filters, options))
        {
            return capture.ScopeProvider ?? new LoggerExternalScopeProvider();
        }
    }

    private object? Redact(object? state)
    {
        var secrets = _secrets.Current;
        if (secrets.Length == 0)
        {
            return state;
        }

        switch (state)
        {
            case string text when CallbackSecrets.Appears(secrets, text):
                return CallbackSecrets.Redact(secrets, text);
            case IReadOnlyList<KeyValuePair<string, object?>> pairs:
                for (var i = 0; i < pairs.Count; i++)
                {
                    if (pairs[i].Value is string value && CallbackSecrets.Appears(secrets, value))
                    {
                        return new RedactedScope(pairs, secrets);
                    }
                }

                return state;
            default:
                return state;
        }
    }

    /// <summary>A structured scope (ASP.NET Core's <c>HostingLogScope</c>) with the secrets taken out of its values and its text.</summary>
    private sealed class RedactedScope : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _pairs;
        private readonly object _original;
        private readonly string[] _secrets;
        private string? _text;

        public RedactedScope(IReadOnlyList<KeyValuePair<string, object?>> original, string[] secrets)
        {
            _original = original;
            _secrets = secrets;
            _pairs = new KeyValuePair<string, object?>[original.Count];
            for (var i = 0; i < _pairs.Length; i++)
            {
                var (key, value) = original[i];
                _pairs[i] = new(key, value is string text ? CallbackSecrets.Redact(secrets, text) : value);
            }
        }

        public int Count => _pairs.Length;

        public KeyValuePair<string, object?> this[int index] => _pairs[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_pairs).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => _text ??= CallbackSecrets.Redact(_secrets, _original.ToString() ?? string.Empty);
    }

    /// <summary>Receives the scope provider a <see cref="LoggerFactory"/> creates for its providers.</summary>
    private sealed class ScopeProviderCapture : ILoggerProvider, ISupportExternalScope
    {
        public IExternalScopeProvider? ScopeProvider { get; private set; }

        public ILogger CreateLogger(string categoryName) => Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => ScopeProvider = scopeProvider;

        public void Dispose()
        {
        }
    }
}
