package at.meldestelle.infra.shared.messaging;

/**
 * CloudEvents 1.0 binary-mode Kafka header names. Producers set them through SmallRye's
 * {@code OutgoingCloudEventMetadata}; consumers that read raw records use these names.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    /** The extension attribute {@code correlationid} (DESIGN section 4). */
    public static final String CORRELATION_ID = "ce_correlationid";

    private CloudEventHeaders() {
    }
}
