package io.drover.codes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of each module's catalogue of coded messages, in the manner of Camunda's
 * {@code ProcessEngineLogger}: a module has one {@code ...Logger} class, and each of its methods
 * carries one stable code ({@code DROVER-<MODULE>-<nnn>}) and either logs its line (every WARN and
 * ERROR line Drover writes) or returns the message of the exception it explains. The codes and what
 * to do about each are listed in docs/codes.md; {@code CodesTest} keeps the two in step.
 */
public abstract class DroverLogger {

  protected final Logger log;

  protected DroverLogger(String module) {
    this.log = LoggerFactory.getLogger(module);
  }
}
