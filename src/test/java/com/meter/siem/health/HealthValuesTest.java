package com.meter.siem.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small values the checks are built on: series, queries, reports and views. */
class HealthValuesTest {
    private static final Instant T1 = Instant.parse("2026-11-30T12:01:00Z");
    private static final Instant T2 = Instant.parse("2026-11-30T12:02:00Z");
    private static final Instant T3 = Instant.parse("2026-11-30T12:03:00Z");

    @Test
    void metricSeries_whenZerosAreAmongThePoints_findsOnlyPeriodsAboveZero() {
        MetricSeries series = MetricSeries.of(Map.of(T1, 0.0, T2, 4.0, T3, 0.0));

        assertEquals(Optional.of(T2), series.lastPositive());
        assertEquals(Optional.of(T2), series.firstPositiveAfter(Instant.MIN));
        assertEquals(Optional.empty(), series.firstPositiveAfter(T2));
        assertEquals(4.0, series.sumSince(T2));
        assertEquals(0.0, series.maxSince(T3));
        assertEquals(Optional.empty(), MetricSeries.of(Map.of(T1, 0.0)).lastPositive());
    }

    @Test
    void metricQuery_whenTheMetricAndConsumerDisagree_refusesIt() {
        assertEquals("CONSUMER_LAG is a consumer metric", assertThrows(IllegalArgumentException.class,
                () -> MetricQuery.of("s", KinesisMetric.CONSUMER_LAG)).getMessage());
        assertEquals("INCOMING_RECORDS is not a consumer metric", assertThrows(IllegalArgumentException.class,
                () -> MetricQuery.ofConsumer("s", "efo", KinesisMetric.INCOMING_RECORDS)).getMessage());
        assertEquals("Maximum", KinesisMetric.ITERATOR_AGE.statistic());
        assertEquals("Sum", KinesisMetric.CONSUMER_RECORDS.statistic());
    }

    @Test
    void consumerMetrics_whenEitherSeriesIsPartial_isIncomplete() {
        MetricSeries full = MetricSeries.of(Map.of());

        assertEquals(false, new ReadMetrics.ConsumerMetrics(full, MetricSeries.unavailable()).complete());
        assertEquals(false, new ReadMetrics.ConsumerMetrics(MetricSeries.unavailable(), full).complete());
        assertEquals(false, new ReadMetrics(full, full, full, Map.of("efo", new ReadMetrics.ConsumerMetrics(full,
                MetricSeries.unavailable())), true).complete());
    }

    @Test
    void healthReport_whenCounting_countsFailingAndUnknownApart() {
        HealthReport report = new HealthReport(Map.of("a", List.of(Finding.unknown("X", Severity.INFO, "why"),
                failing("Y"), failing("Z")), "b", List.of(Finding.ok("X", Severity.INFO, "fine"))), List.of());

        assertEquals(2, report.failing());
        assertEquals(1, report.unknown());
    }

    @Test
    void roleView_whenPrinted_showsNoTrustPolicy() {
        assertEquals("RoleView[attachedPolicyArns=[p], inlinePolicyNames=[i]]",
                new RoleInspector.RoleView("{\"secret\":1}", List.of("p"), List.of("i")).toString());
    }

    private static Finding failing(String check) {
        return new Finding(check, Severity.WARNING, CheckStatus.FAILING, "s", "o", "t", "", "f");
    }
}
