package at.meldestelle.infra.eventstore.upcast;

import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatch;

import java.util.regex.Pattern;

/**
 * One upcasting step: the JSON Patch (RFC 6902) that turns the data of an event of {@code type} at
 * schema version {@code fromVersion} into version {@code fromVersion + 1}.
 *
 * @param patch the patch document as JSON text
 */
public record UpcastStep(String type, int fromVersion, String patch) {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");
    public static final int MAX_VERSION = 1000;

    /** A checked step; 400 for a bad type, version or patch document. */
    public static UpcastStep of(String type, String fromVersion, JsonNode patch) {
        String checkedType = type(type);
        int version = fromVersion(fromVersion);
        try {
            JsonPatch.validate(patch);
        } catch (InvalidJsonPatchException | NullPointerException e) {
            throw ProblemException.badRequest("The body must be a JSON Patch document (RFC 6902), an array of operations: "
                    + (e.getMessage() == null ? "it is empty" : e.getMessage()));
        }
        return new UpcastStep(checkedType, version, patch.toString());
    }

    public static String type(String type) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw ProblemException.badRequest("An event type is 1 to 200 letters, digits and _ . : -.");
        }
        return type;
    }

    public static int fromVersion(String text) {
        int version;
        try {
            version = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            version = 0;
        }
        if (version < 1 || version >= MAX_VERSION) {
            throw ProblemException.badRequest("The schema version a step starts from is a whole number from 1 to " + (MAX_VERSION - 1) + ".");
        }
        return version;
    }

    public static String key(String type, int fromVersion) {
        return type + "/" + fromVersion;
    }

    public String key() {
        return key(type, fromVersion);
    }

    public static UpcastStep fromKey(String key, String patch) {
        int slash = key.lastIndexOf('/');
        return new UpcastStep(key.substring(0, slash), Integer.parseInt(key.substring(slash + 1)), patch);
    }

    JsonNode patchTree(ObjectMapper json) {
        try {
            return json.readTree(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Upcasting step " + key() + " is not JSON", e);
        }
    }
}
