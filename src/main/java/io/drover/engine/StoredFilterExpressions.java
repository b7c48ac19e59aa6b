package io.drover.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.AbstractQuery;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, names every stored Camunda filter whose query holds an expression (one written before
 * expressions in stored queries were turned off, or straight into the database): the engine no
 * longer evaluates it, so Tasklist shows an error for that filter instead of running its code.
 */
public final class StoredFilterExpressions {

  private static final Logger LOG = LoggerFactory.getLogger(StoredFilterExpressions.class);

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
        String line = "DROVER-FILTER-001 Camunda filter '" + filter.getName() + "' (id " + filter.getId() + ", owner "
            + filter.getOwner() + ") holds expressions (" + String.join(", ", names) + "): they are not evaluated "
            + "(expressions in stored queries are off) and Tasklist shows an error for it; delete it in Tasklist "
            + "or with DELETE /engine-rest/filter/" + filter.getId();
        LOG.error(line);
        found.add(line);
      }
    }
    return found;
  }
}
