import type { CounterName, GaugeName, HistogramName, MetricLabels, Metrics } from '../../ports/metrics.js';

const key = (name: string, labels: MetricLabels = {}) =>
  `${name}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',')}}`;

/** Metrics kept in maps, for tests: `counter('runner_jwt_total', {result: 'issued'})`. */
export class MemoryMetrics implements Metrics {
  private readonly counters = new Map<string, number>();
  private readonly observations = new Map<string, number[]>();
  private readonly gauges = new Map<string, { labels: MetricLabels; value: number }[]>();

  increment(name: CounterName, labels?: MetricLabels, by = 1): void {
    const k = key(name, labels);
    this.counters.set(k, (this.counters.get(k) ?? 0) + by);
  }

  observe(name: HistogramName, value: number, labels?: MetricLabels): void {
    const k = key(name, labels);
    this.observations.set(k, [...(this.observations.get(k) ?? []), value]);
  }

  replaceGauge(name: GaugeName, series: { labels: MetricLabels; value: number }[]): void {
    this.gauges.set(name, series);
  }

  counter(name: CounterName, labels?: MetricLabels): number {
    return this.counters.get(key(name, labels)) ?? 0;
  }

  observed(name: HistogramName, labels?: MetricLabels): number[] {
    return this.observations.get(key(name, labels)) ?? [];
  }

  gauge(name: GaugeName): { labels: MetricLabels; value: number }[] {
    return this.gauges.get(name) ?? [];
  }
}
