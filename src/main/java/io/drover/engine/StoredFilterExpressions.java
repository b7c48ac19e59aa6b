package io.drover.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.AbstractQuery;
import org.camunda.bpm.engine.impl.TaskQueryImpl;

/**
 * At start, names every stored Camunda filter whose query holds an expression (one written before
 * expressions in stored queries were turned off, or straight into the database): the engine no
 * longer evaluates it, so Tasklist shows an error for that filter instead of running its code.
 */
public final class StoredFilterExpressions {

  private StoredFilterExpressions() {
  }

  /** The filters with expressions, each as a line naming it; logged at error level. */
  public static List<String> report(FilterService filters) {
    List<String> found = new ArrayList<>();
    for (Filter filter : filters.createFilterQuery().list()) {
      TreeSet<String> names = new TreeSet<>();
      try {
        Object query = filter.getQuery();
        if (query instanceof AbstractQuery<?, ?> stored) {
          names.addAll(stored.getExpressions().keySet());
        }
        if (query instanceof TaskQueryImpl task) {
          task.getQueries().forEach(or -> names.addAll(or.getExpressions().keySet()));
        }
      } catch (RuntimeException e) {
        names.add("a query the engine refuses to read: " + e.getMessage());
      }
      if (!names.isEmpty()) {
        found.add(EngineLogger.LOG.filterHoldsExpressions(filter.getName(), filter.getId(), filter.getOwner(),
            List.copyOf(names)));
      }
    }
    return found;
  }
}
