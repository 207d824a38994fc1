package at.meldestelle.infra.shared.api.correlation;

import java.util.UUID;
import java.util.regex.Pattern;

/** The {@code X-Correlation-ID} convention: one id per request, kept across services, logs and Kafka. */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-ID";
    /** Key in the logging MDC and in the Vert.x routing context. */
    public static final String KEY = "correlationId";
    /** CloudEvents extension attribute carrying the id on Kafka records (header {@code ce_correlationid}). */
    public static final String CLOUD_EVENT_EXTENSION = "correlationid";
    /** Attribute of every span of the request, in every service (a Zipkin search by tag finds them all). */
    public static final String SPAN_ATTRIBUTE = "correlation.id";
    /** W3C baggage entry carrying the id to spans started in other processes, across HTTP and Kafka. */
    public static final String BAGGAGE_KEY = "correlation.id";

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private CorrelationId() {
    }

    /** The inbound id when it is safe to log and forward, otherwise a new one. */
    public static String acceptOrCreate(String inbound) {
        return isAcceptable(inbound) ? inbound : UUID.randomUUID().toString();
    }

    /** Whether an id that arrived from outside is safe to log and forward as it is. */
    public static boolean isAcceptable(String inbound) {
        return inbound != null && ACCEPTED.matcher(inbound).matches();
    }
}
