package io.chronik.broker.kafka;

import io.chronik.broker.metrics.BrokerMetrics;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one request frame into one response frame: parses the header, checks the API and version,
 * parses the body with kafka-clients' generated classes and calls the API's handler.
 *
 * <p>A version outside the range advertised in ApiVersions, below or above it, gets the API's error
 * response with UNSUPPORTED_VERSION and the connection stays open; an ApiVersions request of a
 * version this broker does not know gets a v0 response listing what it does support (KIP-511). A
 * frame whose API key is unknown to Kafka itself, or whose header or body does not parse, cannot be
 * answered and closes the connection, as Apache Kafka does.
 */
public final class RequestDispatcher {
  private static final Logger LOGGER = LoggerFactory.getLogger(RequestDispatcher.class);

  private final SupportedApis apis = new SupportedApis();
  private final Map<ApiKeys, ApiHandler<AbstractRequest>> handlers = new EnumMap<>(ApiKeys.class);
  private final BrokerMetrics metrics;

  public RequestDispatcher(BrokerMetrics metrics) {
    this.metrics = metrics;
  }

  /** Registers the handler of an API, served up to {@code maxVersion} (-1: the latest). */
  public <R extends AbstractRequest> RequestDispatcher register(
      ApiKeys key, int maxVersion, ApiHandler<R> handler) {
    return register(key, -1, maxVersion, handler);
  }

  /**
   * Registers the handler of an API, served from {@code minVersion} (-1: the oldest) up to {@code
   * maxVersion} (-1: the latest); other versions are answered UNSUPPORTED_VERSION.
   */
  @SuppressWarnings("unchecked")
  public <R extends AbstractRequest> RequestDispatcher register(
      ApiKeys key, int minVersion, int maxVersion, ApiHandler<R> handler) {
    apis.add(key, minVersion, maxVersion);
    handlers.put(key, (ApiHandler<AbstractRequest>) handler);
    return this;
  }

  public SupportedApis apis() {
    return apis;
  }

  /**
   * Handles one frame (without its size prefix). The future completes with the response frame, or
   * {@code null} when the request gets no response.
   *
   * @throws MalformedRequestException when the frame cannot be answered
   */
  CompletableFuture<ByteBuffer> dispatch(ByteBuffer frame, String clientHost, long connectionId)
      throws MalformedRequestException {
    if (frame.remaining() < 8) {
      throw new MalformedRequestException(
          "frame of " + frame.remaining() + " bytes is too short for a request header");
    }
    short apiKeyId = frame.getShort(frame.position());
    short version = frame.getShort(frame.position() + 2);
    if (!ApiKeys.hasId(apiKeyId)) {
      throw new MalformedRequestException("unknown API key " + apiKeyId);
    }
    ApiKeys key = ApiKeys.forId(apiKeyId);
    if (key == ApiKeys.API_VERSIONS && !apis.supports(key, version)) {
      return CompletableFuture.completedFuture(unsupportedApiVersions(frame));
    }
    RequestHeader header;
    try {
      header = RequestHeader.parse(frame);
    } catch (RuntimeException e) {
      throw new MalformedRequestException("bad request header for " + key + ": " + e.getMessage());
    }
    if (!key.isVersionSupported(version)) {
      throw new MalformedRequestException(
          key + " v" + version + " is unknown to this broker's protocol library");
    }
    AbstractRequest request;
    try {
      request = AbstractRequest.parseRequest(key, version, frame).request;
    } catch (RuntimeException e) {
      throw new MalformedRequestException(
          "cannot parse " + key + " v" + version + " body: " + e.getMessage());
    }
    ApiHandler<AbstractRequest> handler = handlers.get(key);
    if (handler == null || !apis.supports(key, version)) {
      LOGGER.debug(
          "unsupported {} v{} from {} (connection {})", key, version, clientHost, connectionId);
      metrics.unsupportedRequest(key.name);
      return CompletableFuture.completedFuture(
          ResponseWriter.frame(
              header.toResponseHeader(),
              request.getErrorResponse(
                  new UnsupportedVersionException(key + " v" + version + " is not supported")),
              version));
    }
    RequestContext context = new RequestContext(header, clientHost, connectionId);
    long start = System.nanoTime();
    CompletableFuture<AbstractResponse> response;
    try {
      response = handler.handle(context, request);
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return response
        .exceptionally(e -> errorResponse(request, key, e))
        .thenApply(
            r -> {
              metrics.requestCompleted(key.name, System.nanoTime() - start);
              return r == null ? null : write(header, request, key, r, version);
            });
  }

  /**
   * Writes a response; one that cannot be serialized becomes the API's UNKNOWN_SERVER_ERROR
   * response.
   */
  private static ByteBuffer write(
      RequestHeader header,
      AbstractRequest request,
      ApiKeys key,
      AbstractResponse response,
      short version) {
    try {
      return ResponseWriter.frame(header.toResponseHeader(), response, version);
    } catch (RuntimeException e) {
      LOGGER.error("cannot serialize {} v{} response: {}", key, version, e.toString());
      AbstractResponse fallback = request.getErrorResponse(Errors.UNKNOWN_SERVER_ERROR.exception());
      return fallback == null
          ? null
          : ResponseWriter.frame(header.toResponseHeader(), fallback, version);
    }
  }

  private static AbstractResponse errorResponse(AbstractRequest request, ApiKeys key, Throwable e) {
    Throwable cause =
        e instanceof java.util.concurrent.CompletionException && e.getCause() != null
            ? e.getCause()
            : e;
    Errors error = KafkaErrors.of(cause);
    if (error == Errors.UNKNOWN_SERVER_ERROR) {
      LOGGER.warn("{} failed: {}", key, cause.toString(), cause);
    }
    return request.getErrorResponse(error.exception(cause.getMessage()));
  }

  private ByteBuffer unsupportedApiVersions(ByteBuffer frame) {
    int correlationId = frame.getInt(frame.position() + 4);
    ApiVersionsResponseData data =
        new ApiVersionsResponseData()
            .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
            .setApiKeys(apis.toApiVersions());
    return ResponseWriter.frame(
        new ResponseHeader(correlationId, (short) 0), new ApiVersionsResponse(data), (short) 0);
  }
}
