package io.chronik.broker.kafka;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The Kafka APIs and version ranges this broker serves. Ranges are capped where a newer version
 * needs a feature chronik lacks (Fetch v13+ addresses topics by id only).
 */
public final class SupportedApis {
  private final Map<ApiKeys, short[]> ranges = new EnumMap<>(ApiKeys.class);

  /**
   * Registers an API with the highest version chronik serves ({@code -1}: kafka-clients' latest).
   */
  void add(ApiKeys key, int maxVersion) {
    short max =
        maxVersion < 0 ? key.latestVersion() : (short) Math.min(maxVersion, key.latestVersion());
    ranges.put(key, new short[] {key.oldestVersion(), max});
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
