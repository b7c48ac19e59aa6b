package io.drover.engine.jobs;

import io.drover.remote.NodeStopping;
import java.time.Duration;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful stop (SIGTERM): first of all the node stops taking steps, then waits up to
 * {@code drover.steps.drain} (default 30 s) for the steps it runs; what still runs then is left,
 * fenced on its hosts, for another node or this one after its restart to re-attach.
 */
@Component
class NodeDrain implements SmartLifecycle {

  private final ObjectProvider<ProcessEngine> engine;
  private final StepLeases leases;
  private final Duration drain;
  private volatile boolean running;

  NodeDrain(ObjectProvider<ProcessEngine> engine, StepLeases leases,
      @Value("${drover.steps.drain:PT30S}") Duration drain) {
    this.engine = engine;
    this.leases = leases;
    this.drain = drain;
  }

  @Override
  public void start() {
    NodeStopping.reset();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    NodeStopping.begin();
    ProcessEngine processEngine = engine.getIfAvailable();
    if (processEngine != null) {
      ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration()).getJobExecutor().shutdown();
    }
    long deadline = System.nanoTime() + drain.toNanos();
    while (!leases.running().isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (leases.running().isEmpty()) {
      JobLogger.LOG.stoppedIdle();
    } else {
      JobLogger.LOG.stoppedWithStepsRunning(leases.running().size(), drain);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops before the web server and the engine (higher phases stop first). */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }
}
