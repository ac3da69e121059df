package io.chronik.diagnostics.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Removes secrets from what goes into a debug bundle: in JSON, the value of every field whose name
 * says it holds one (password, secret, token, credential, access key, SAS, connection string)
 * becomes {@code <redacted>}; in text, {@code NAME=value} pairs with such names. The nodes redact
 * their effective configuration themselves; this is the second line.
 */
final class Redaction {
  static final String REDACTED = "<redacted>";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(password|passwd|secret|token|credential|accesskey|access_key|sastoken|"
              + "sas_token|connectionstring|connection_string|privatekey|private_key|apikey|"
              + "api_key).*");
  private static final Pattern SECRET_PAIR =
      Pattern.compile(
          "(?i)\\b([A-Za-z0-9_.-]*(?:password|passwd|secret|token|credential|access_key|accesskey"
              + "|sas_token|api_key|apikey)[A-Za-z0-9_.-]*)\\s*[=:]\\s*([^\\s,;\"']+)");

  private Redaction() {}

  /** A JSON body with secret-named fields redacted; text bodies get {@link #text}. */
  static String body(String body) {
    if (body == null) {
      return null;
    }
    String trimmed = body.stripLeading();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        JsonNode tree = JSON.readTree(body);
        if (redact(tree)) {
          return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        }
        return body;
      } catch (java.io.IOException e) {
        return text(body);
      }
    }
    return text(body);
  }

  /** Text with {@code NAME=value} secrets redacted. */
  static String text(String text) {
    return SECRET_PAIR.matcher(text).replaceAll(m -> m.group(1) + "=" + REDACTED);
  }

  private static boolean redact(JsonNode node) {
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = object.get(name);
        if (value.isValueNode()
            && !value.isNull()
            && SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
          object.set(name, TextNode.valueOf(REDACTED));
          changed = true;
        } else if (value.isTextual()) {
          String redacted = text(value.asText());
          if (!redacted.equals(value.asText())) {
            object.set(name, TextNode.valueOf(redacted));
            changed = true;
          }
        } else {
          changed |= redact(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode element = array.get(i);
        if (element.isTextual()) {
          String redacted = text(element.asText());
          if (!redacted.equals(element.asText())) {
            array.set(i, TextNode.valueOf(redacted));
            changed = true;
          }
        } else {
          changed |= redact(element);
        }
      }
    }
    return changed;
  }
}
