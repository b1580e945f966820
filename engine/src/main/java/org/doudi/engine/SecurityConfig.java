package org.doudi.engine;

import java.util.Map;
import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.operaton.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** HTTP basic auth, checked against the engine's identity service, on all of /engine-rest. */
@Configuration
public class SecurityConfig {

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthFilter() {
    // Operaton's filter lets GET /engine-rest/engine (the engine list) through without
    // credentials; we want every request to authenticate, so that one check is switched off.
    ProcessEngineAuthenticationFilter filter = new ProcessEngineAuthenticationFilter() {
      @Override
      protected boolean requiresEngineAuthentication(String requestUrl) {
        return true;
      }
    };
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(filter);
    registration.setName("operaton-auth");
    registration.addUrlPatterns("/engine-rest/*");
    registration.setInitParameters(Map.of(
        ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        HttpBasicAuthenticationProvider.class.getName(),
        ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, "/engine-rest"));
    registration.setAsyncSupported(true); // fetchAndLock long polling is asynchronous
    registration.setOrder(1);
    return registration;
  }
}
