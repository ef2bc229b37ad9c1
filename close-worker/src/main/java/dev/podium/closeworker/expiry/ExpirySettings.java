package dev.podium.closeworker.expiry;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the daily points expiry ({@code podium.expiry.*}).
 *
 * @param cron when each day's expiry jobs are queued, as a Spring cron expression
 * ({@code "-"}: never)
 * @param zone the zone the cron and the day are read in
 */
@ConfigurationProperties("podium.expiry")
record ExpirySettings(String cron, String zone) {

}
