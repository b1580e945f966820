package org.doudi.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/** Operaton BPMN engine plus its REST API under /engine-rest. No business logic here. */
@SpringBootApplication
public class EngineApplication {

  private static final Logger LOG = LoggerFactory.getLogger(EngineApplication.class);

  public static void main(String[] args) {
    String password = System.getenv("ENGINE_PASSWORD");
    if (password == null || password.isBlank()) {
      System.err.println("FATAL: ENGINE_PASSWORD is not set. The engine REST API needs a password "
          + "for its HTTP basic auth user (ENGINE_USER); refusing to start.");
      System.exit(2);
    }
    if ("true".equalsIgnoreCase(System.getenv("ENGINE_EXIT_WITH_PARENT"))) {
      exitWhenStdinCloses();
    }
    try {
      SpringApplication.run(EngineApplication.class, args);
    } catch (Throwable t) {
      // A failed start must end the process, so the launcher sees it at once instead of waiting.
      System.err.println("FATAL: engine failed to start: " + t);
      System.exit(1);
    }
  }

  /**
   * When launched as a child of `npm start`, stdin is a pipe from the parent: EOF means the
   * parent is gone (even after kill -9), so the engine shuts down instead of living on as an orphan.
   */
  private static void exitWhenStdinCloses() {
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // ignore input
        }
      } catch (java.io.IOException ignored) {
        // treat as closed
      }
      System.err.println("parent process gone (stdin closed): shutting down");
      System.exit(0);
    }, "parent-watchdog");
    watcher.setDaemon(true);
    watcher.start();
  }

  @EventListener(ApplicationReadyEvent.class)
  public void ready(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    LOG.info("Doudi engine started on {}:{}", env.getProperty("server.address", "0.0.0.0"),
        env.getProperty("local.server.port"));
  }
}
