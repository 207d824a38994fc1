package at.meldestelle.infra.shared.api.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail. Extension members (such as {@code currentVersion}) are written beside
 * the standard ones.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    private final URI type;
    private final String title;
    private final int status;
    private final String detail;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Problem(URI type, String title, int status, String detail) {
        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
    }

    /** A problem of a type from a service's catalogue. */
    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.type(), type.title(), type.status(), detail);
    }

    /** A problem that says no more than its HTTP status (type {@code about:blank}, RFC 9457 section 4.2.1). */
    public static Problem ofStatus(int status, String detail) {
        return new Problem(ABOUT_BLANK, HttpStatusTitles.title(status), status, detail);
    }

    public Problem with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    public URI getType() {
        return type;
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }

    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return extensions;
    }
}
