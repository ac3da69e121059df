package io.chronik.broker.kafka;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The Kafka APIs and version ranges this broker serves. Ranges are capped where a newer version
 * needs a feature chronik lacks (Fetch v13+ addresses topics by id only), and start above
 * kafka-clients' oldest version where an old one needs what chronik does not have (message formats
 * v0 and v1 in Produce v0-2 and Fetch v0-3; ListOffsets v0's list of offsets).
 */
public final class SupportedApis {
  private final Map<ApiKeys, short[]> ranges = new EnumMap<>(ApiKeys.class);

  /**
   * Registers an API with the lowest and highest versions chronik serves ({@code -1}:
   * kafka-clients' oldest, latest).
   */
  void add(ApiKeys key, int minVersion, int maxVersion) {
    short min =
        minVersion < 0 ? key.oldestVersion() : (short) Math.max(minVersion, key.oldestVersion());
    short max =
        maxVersion < 0 ? key.latestVersion() : (short) Math.min(maxVersion, key.latestVersion());
    ranges.put(key, new short[] {min, max});
  }

  public boolean supports(ApiKeys key, short version) {
    short[] r = ranges.get(key);
    return r != null && version >= r[0] && version <= r[1];
  }

  public boolean supports(ApiKeys key) {
    return ranges.containsKey(key);
  }

  public short maxVersion(ApiKeys key) {
    return ranges.get(key)[1];
  }

  /** The ApiVersions response body listing every supported range. */
  public ApiVersionCollection toApiVersions() {
    ApiVersionCollection out = new ApiVersionCollection();
    ranges.forEach(
        (key, r) ->
            out.add(new ApiVersion().setApiKey(key.id).setMinVersion(r[0]).setMaxVersion(r[1])));
    return out;
  }
}
