package org.doudi.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.task.NativeTaskQuery;
import org.operaton.bpm.engine.task.Task;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The 待办 (inbox) query: open tasks with a candidate group among the given groups, or assigned
 * to the given user, oldest first, and their number.
 *
 * <p>The engine's REST task query expresses this filter only as one outer join with an OR across
 * both sides. Its count scans every open task and its identity links on every request, and its
 * page walks the creation-time index until it has found a page, which for a department with few
 * tasks is again every open task (docs/performance.md, "Inbox query"). Here the same filter runs
 * through the engine's {@link NativeTaskQuery} in the shape that suits the user:
 *
 * <ul>
 *   <li>the number is |tasks of the groups| + |tasks assigned to the user outside the groups|.
 *       The first part is counted from the candidate links alone (Operaton's index on
 *       GROUP_ID_ for a small group, a scan of the links for a large one). When it is at least
 *       {@code doudi.inbox.count-cache-from} (1000) it is kept for
 *       {@code doudi.inbox.count-cache-ms} (5 s) per group set and shared by everyone with those
 *       groups, so a large department's total may be a few seconds old; a smaller one is counted
 *       exactly on every request. The second part is always counted live (index on ASSIGNEE_).</li>
 *   <li>the page is found either by walking the open tasks in creation order and probing each
 *       one's links ("walk": cheap when the user's tasks are a large share of all open tasks) or
 *       by looking up the user's tasks through the link index and sorting them ("lookup": cheap
 *       when they are few). The plan with fewer estimated rows is taken: walk reads about
 *       (firstResult + maxResults) × open / mine rows, lookup about mine.</li>
 * </ul>
 *
 * <p>GET /engine-rest/doudi/inbox?user=U&amp;group=G&amp;group=…&amp;firstResult=0&amp;maxResults=20 answers
 * {@code {"count": n, "plan": "walk"|"lookup", "tasks": [...]}}, each task with the fields of
 * GET /engine-rest/task; {@code plan=walk|lookup} forces a plan (tests compare both). Ties in
 * creation time are ordered by id. It is under /engine-rest, so the basic-auth filter of
 * {@link SecurityConfig} guards it. Read-only.
 */
@Configuration
public class InboxQuery {

  private static final Pattern ID = Pattern.compile("^[\\w:.@-]{1,255}$");
  private static final int MAX_GROUPS = 50;
  private static final int MAX_RESULTS = 500;
  private static final int MAX_CACHED_GROUP_SETS = 10_000;

  /** A count kept for a while; one computation at a time per key, the others wait for it. */
  private static final class Cached {
    long value = -1;
    long at;
  }

  private final Map<String, Cached> groupCounts = new ConcurrentHashMap<>();
  private final Cached openTasks = new Cached();

  @Value("${doudi.inbox.count-cache-ms:5000}")
  private long cacheMs;

  @Value("${doudi.inbox.count-cache-from:1000}")
  private long cacheFrom;

  /** {@code in (#{g0}, #{g1}, …)}: only generated placeholder names go into the SQL. */
  private static String groupList(int n) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < n; i++) s.append(i == 0 ? "" : ", ").append("#{g").append(i).append('}');
    return s.append(')').toString();
  }

  private static NativeTaskQuery bind(NativeTaskQuery q, String user, String[] groups) {
    if (user != null) q.parameter("user", user);
    for (int i = 0; i < groups.length; i++) q.parameter("g" + i, groups[i]);
    return q;
  }

  /**
   * The count in {@code c}, computed again unless it is at least {@code keepFrom} and younger
   * than the cache time. One computation at a time per entry; the others wait for it.
   */
  private long cachedCount(Cached c, long keepFrom, LongSupplier count) {
    synchronized (c) {
      long now = System.currentTimeMillis();
      if (c.value < keepFrom || now - c.at >= cacheMs) {
        c.value = count.getAsLong();
        c.at = now;
      }
      return c.value;
    }
  }

  /** Open tasks with a candidate link to one of the groups (distinct tasks); kept only when large. */
  private long groupCount(TaskService tasks, String[] groups) {
    if (groups.length == 0) return 0;
    // one entry per distinct group set of the users (a few per unit); bounded all the same
    if (groupCounts.size() > MAX_CACHED_GROUP_SETS) groupCounts.clear();
    Cached c = groupCounts.computeIfAbsent(String.join("\n", groups), k -> new Cached());
    return cachedCount(c, cacheFrom, () -> bind(tasks.createNativeTaskQuery().sql("select count(distinct I.TASK_ID_) from ACT_RU_IDENTITYLINK I"
        + " where I.TYPE_ = 'candidate' and I.TASK_ID_ is not null and I.GROUP_ID_ in " + groupList(groups.length)),
        null, groups).count());
  }

  /** All open tasks; only steers the choice of plan, so a few seconds' age does not matter. */
  private long openTaskCount(TaskService tasks) {
    return cachedCount(openTasks, 0, () -> tasks.createNativeTaskQuery().sql("select count(*) from ACT_RU_TASK").count());
  }

  @Bean
  public ServletRegistrationBean<HttpServlet> inboxServlet(@Lazy TaskService taskService, ObjectMapper json) {
    HttpServlet servlet = new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String user = req.getParameter("user");
        String[] groups = req.getParameterValues("group");
        String forced = req.getParameter("plan");
        int first;
        int max;
        try {
          first = Integer.parseInt(req.getParameter("firstResult") == null ? "0" : req.getParameter("firstResult"));
          max = Integer.parseInt(req.getParameter("maxResults") == null ? "50" : req.getParameter("maxResults"));
        } catch (NumberFormatException e) {
          bad(res, "firstResult and maxResults must be integers");
          return;
        }
        if (user == null || !ID.matcher(user).matches()) {
          bad(res, "user is required");
          return;
        }
        if (groups == null) groups = new String[0];
        groups = Arrays.stream(groups).distinct().sorted().toArray(String[]::new);
        if (groups.length > MAX_GROUPS || first < 0 || max < 0 || max > MAX_RESULTS) {
          bad(res, "too many groups or results");
          return;
        }
        for (String g : groups) {
          if (!ID.matcher(g).matches()) {
            bad(res, "invalid group");
            return;
          }
        }
        if (forced != null && !forced.equals("walk") && !forced.equals("lookup")) {
          bad(res, "plan must be walk or lookup");
          return;
        }
        String inGroups = groupList(groups.length);
        String candidate = "select 1 from ACT_RU_IDENTITYLINK I where I.TASK_ID_ = RES.ID_"
            + " and I.TYPE_ = 'candidate' and I.GROUP_ID_ in " + inGroups;
        long outside = bind(taskService.createNativeTaskQuery().sql("select count(*) from ACT_RU_TASK RES where RES.ASSIGNEE_ = #{user}"
            + (groups.length == 0 ? "" : " and not exists (" + candidate + ")")), user, groups).count();
        long mine = groupCount(taskService, groups) + outside;

        String plan = forced;
        if (plan == null) {
          double walkRows = mine == 0 ? Double.MAX_VALUE : ((double) first + max) * openTaskCount(taskService) / mine;
          plan = walkRows < mine ? "walk" : "lookup";
        }
        String sql;
        if (groups.length == 0) {
          sql = "select RES.* from ACT_RU_TASK RES where RES.ASSIGNEE_ = #{user}";
        } else if (plan.equals("walk")) {
          // the engine's own shape (outer join, OR, distinct): the planner walks ACT_IDX_TASK_CREATE and probes links per task
          sql = "select distinct RES.* from ACT_RU_TASK RES left join ACT_RU_IDENTITYLINK I on I.TASK_ID_ = RES.ID_"
              + " where (RES.ASSIGNEE_ = #{user} or (I.TYPE_ = 'candidate' and I.GROUP_ID_ in " + inGroups + "))";
        } else {
          sql = "select RES.* from ACT_RU_TASK RES where RES.ID_ in (select I.TASK_ID_ from ACT_RU_IDENTITYLINK I"
              + " where I.TYPE_ = 'candidate' and I.GROUP_ID_ in " + inGroups
              + " union select A.ID_ from ACT_RU_TASK A where A.ASSIGNEE_ = #{user})";
        }
        List<Task> tasks = max == 0 || mine == 0 ? List.of()
            : bind(taskService.createNativeTaskQuery().sql(sql + " order by RES.CREATE_TIME_ asc, RES.ID_ asc"), user, groups)
                .listPage(first, max);

        List<Map<String, Object>> out = new ArrayList<>(tasks.size());
        SimpleDateFormat fmt = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ"); // the REST API's format
        for (Task t : tasks) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", t.getId());
          m.put("name", t.getName());
          m.put("assignee", t.getAssignee());
          m.put("owner", t.getOwner());
          m.put("created", date(fmt, t.getCreateTime()));
          m.put("due", date(fmt, t.getDueDate()));
          m.put("followUp", date(fmt, t.getFollowUpDate()));
          m.put("lastUpdated", date(fmt, t.getLastUpdated()));
          m.put("delegationState", t.getDelegationState() == null ? null : t.getDelegationState().toString());
          m.put("description", t.getDescription());
          m.put("executionId", t.getExecutionId());
          m.put("parentTaskId", t.getParentTaskId());
          m.put("priority", t.getPriority());
          m.put("processDefinitionId", t.getProcessDefinitionId());
          m.put("processInstanceId", t.getProcessInstanceId());
          m.put("caseExecutionId", t.getCaseExecutionId());
          m.put("caseDefinitionId", t.getCaseDefinitionId());
          m.put("caseInstanceId", t.getCaseInstanceId());
          m.put("taskDefinitionKey", t.getTaskDefinitionKey());
          m.put("suspended", t.isSuspended());
          m.put("formKey", null);
          m.put("tenantId", t.getTenantId());
          out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", mine);
        body.put("plan", plan);
        body.put("tasks", out);
        res.setContentType("application/json");
        res.setCharacterEncoding("UTF-8");
        json.writeValue(res.getOutputStream(), body);
      }
    };
    ServletRegistrationBean<HttpServlet> reg = new ServletRegistrationBean<>(servlet, "/engine-rest/doudi/inbox");
    reg.setName("doudi-inbox");
    return reg;
  }

  private static String date(SimpleDateFormat fmt, Date d) {
    return d == null ? null : fmt.format(d);
  }

  private static void bad(HttpServletResponse res, String message) throws IOException {
    res.setStatus(400);
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.getWriter().write("{\"type\":\"InvalidRequestException\",\"message\":\"" + message + "\"}");
  }
}
