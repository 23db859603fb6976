package com.remotefetch.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** The server's counters and gauges, scraped from {@code /metrics} in Prometheus format. */
public final class Metrics {
    private final List<Object> held = new CopyOnWriteArrayList<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter bytesRelayed = Counter.builder("remotefetch.bytes.relayed").baseUnit("bytes")
            .description("file bytes written to admins").register(registry);

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** A counter whose value something else keeps. */
    public void counter(String name, String description, Supplier<Number> value) {
        held.add(value); // Micrometer holds a function counter's object weakly
        FunctionCounter.builder(name, value, v -> v.get().doubleValue()).description(description).register(registry);
    }

    public void authFailed(String kind) {
        registry.counter("remotefetch.auth.failures", "kind", kind).increment();
    }

    public void authRateLimited() {
        registry.counter("remotefetch.auth.rate_limited").increment();
    }

    public void download(String result) {
        registry.counter("remotefetch.downloads", "result", result).increment();
    }

    public void bytesRelayed(long n) {
        bytesRelayed.increment(n);
    }

    public void protocolViolation() {
        registry.counter("remotefetch.agent.protocol_violations").increment();
    }

    /** A transfer offered an HTTP upload arrived in WebSocket frames instead. */
    public void uploadFallback() {
        registry.counter("remotefetch.upload.fallbacks").increment();
    }

    /** An upload segment refused, by the error code it got. */
    public void uploadRefused(String code) {
        registry.counter("remotefetch.upload.refusals", "code", code).increment();
    }

    public void limitRejected(String limit) {
        registry.counter("remotefetch.limit.rejections", "limit", limit).increment();
    }
}
