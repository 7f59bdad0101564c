package dev.blockwire.gateway;

import java.util.Map;
import java.util.Set;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * Tyrus' server container without its own Grizzly server: Tyrus' GrizzlyServerContainer binds
 * 0.0.0.0 whatever host it is given (Tyrus bug #593), so {@link GatewayServer} builds the listener.
 */
final class TyrusContainer extends TyrusServerContainer {

  private final TyrusWebSocketEngine engine;
  private final String contextPath;

  TyrusContainer(String contextPath, int incomingBufferSize) {
    super(Set.<Class<?>>of());
    this.contextPath = contextPath;
    this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
  }

  @Override
  public void register(Class<?> endpointClass) throws DeploymentException {
    engine.register(endpointClass, contextPath);
  }

  @Override
  public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
    engine.register(serverEndpointConfig, contextPath);
  }

  @Override
  public WebSocketEngine getWebSocketEngine() {
    return engine;
  }

  @Override
  public Map<String, Object> getProperties() {
    return Map.of();
  }
}
