package org.doudi.engine;

import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.identity.User;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Makes sure the REST API user (ENGINE_USER / ENGINE_PASSWORD) exists in the engine's identity
 * service with the current password. Runs as an engine plugin, i.e. right after the engine is
 * built and before the HTTP port opens.
 */
@Component
public class AdminUserInitializer extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(AdminUserInitializer.class);

  private final String userId;
  private final String password;

  public AdminUserInitializer(@Value("${doudi.engine.user}") String userId,
      @Value("${doudi.engine.password}") String password) {
    this.userId = userId;
    this.password = password;
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    User user = identity.createUserQuery().userId(userId).singleResult();
    boolean created = user == null;
    if (created) {
      user = identity.newUser(userId);
      user.setFirstName(userId);
      user.setLastName("Doudi engine");
    }
    user.setPassword(password); // always: a changed ENGINE_PASSWORD applies on restart
    identity.saveUser(user);
    identity.unlockUser(userId); // clear any failed-login state left by earlier runs
    LOG.info("{} engine REST user '{}'", created ? "Created" : "Updated", userId);
  }
}
