package io.chronik.broker.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.BindException;
import org.apache.ratis.util.ExitUtils;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RatisExitTest {
  @Test
  void shouldTurnRatisExitForABindFailureIntoABindExceptionAndKeepTheUncaughtHandler() {
    // given: the handler in place before Ratis' exit state is first touched
    Thread.UncaughtExceptionHandler mine = (t, e) -> {};
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(mine);
    try {
      RatisExit.disableSystemExit();

      // when: Ratis asks to end the JVM because gRPC could not bind, as GrpcServicesImpl does
      ExitUtils.ExitException exit =
          catchThrowableOfType(
              ExitUtils.ExitException.class,
              () ->
                  ExitUtils.terminate(
                      1,
                      "Failed to start Grpc server",
                      new IOException(
                          "Failed to bind to address /127.0.0.1:4242",
                          new IOException(
                              "bind(..) failed with error(-98): Address already in use")),
                      LoggerFactory.getLogger(RatisExitTest.class)));

      // then: an exception instead of System.exit, read as a bind failure with the system's reason
      IOException failure = RatisExit.startFailure(exit);
      assertThat(failure).isInstanceOf(BindException.class).hasMessage("Address already in use");
      assertThat(failure.getSuppressed()[0]).hasMessageContaining("127.0.0.1:4242");
      assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(mine);
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }

  @Test
  void shouldKeepAnyOtherStartFailureAsItIs() {
    RatisExit.disableSystemExit();
    IOException other = new IOException("disk full");
    ExitUtils.ExitException exit =
        catchThrowableOfType(
            ExitUtils.ExitException.class,
            () ->
                ExitUtils.terminate(
                    1, "Failed to start", other, LoggerFactory.getLogger(RatisExitTest.class)));

    assertThat(RatisExit.startFailure(exit)).isSameAs(other);
  }
}
