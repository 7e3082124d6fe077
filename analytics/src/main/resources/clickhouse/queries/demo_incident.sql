-- The demo incident in plain SQL: checkout's calls to payments, by checkout version and
-- payment provider. After the v2.3.1 deploy, stripe_v3 calls turn slow and some fail.
-- {p:String} is the project id; ./dev incident and the tests fill it in.
SELECT
    resource_attributes.value[indexOf(resource_attributes.key, 'service.version')] AS checkout_version,
    span_attributes.value[indexOf(span_attributes.key, 'payment.provider')] AS provider,
    count() AS calls,
    round(quantile(0.5)(duration_ns) / 1000000, 1) AS p50_ms,
    round(quantile(0.99)(duration_ns) / 1000000, 1) AS p99_ms,
    round(100 * countIf(status_code = 'ERROR') / count(), 2) AS error_pct
FROM spans
WHERE project_id = {p:String}
  AND service_name = 'checkout'
  AND kind = 'CLIENT'
  AND has(span_attributes.key, 'payment.provider')
GROUP BY checkout_version, provider
ORDER BY checkout_version, provider
