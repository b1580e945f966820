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
    try {
      SpringApplication.run(EngineApplication.class, args);
    } catch (Throwable t) {
      // A failed start must end the process, so the launcher sees it at once instead of waiting.
      System.err.println("FATAL: engine failed to start: " + t);
      System.exit(1);
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  public void ready(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    LOG.info("Doudi engine started on {}:{}", env.getProperty("server.address", "0.0.0.0"),
        env.getProperty("local.server.port"));
  }
}
