package org.korlang.observe.internal.console;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapStats;
import org.korlang.observe.internal.control.PolicyControl;
import org.korlang.platform.PortRegistry;
import org.korlang.platform.PortStatus;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.SchedulerMetrics;
import org.korlang.scheduler.TaskCountSource;
import org.korlang.scheduler.TaskCounts;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The "Korlang" page of the Felix Web Console ({@code /system/console/korlang}), everything behind
 * the console's authentication:
 * <ul>
 * <li>{@code GET /korlang} — the page: live charts (uPlot, served from this bundle), the policy
 * controls and the ports table, drawn by {@code res/korlang-console.js};</li>
 * <li>{@code GET /korlang/data.json?since=N} — one snapshot (heap per space, counts and pauses; the
 * scheduler's queues, steals, parked workers; the ports as {@code korlang:ports} reports them; the
 * installed policies) plus the collections numbered N and later ({@link GcEventLog}), and
 * {@code tasks} — the task counts of each language runtime that publishes a {@link TaskCountSource}
 * (the Korlang VM: {@code {"korlang":{"live":…,"parked":…,"spawned":…,"completed":…}}}), null when
 * none is present;</li>
 * <li>{@code POST /korlang/policy} ({@code target=gc|scheduler}, {@code name}) — a switch through
 * {@link PolicyControl}, i.e. the code of {@code gc:policy} / {@code sched:policy}; answers
 * {@code {"ok":…,"message":…}}. It requires the header {@code X-Korlang-Console: 1}, which a
 * cross-site form cannot send, so a page elsewhere cannot switch policies with the browser's cached
 * credentials;</li>
 * <li>{@code GET /korlang/res/*} — the page's script, uPlot and its licence.</li>
 * </ul>
 * The heap, the scheduler, the task count sources and the port registry are optional dynamic references: the page keeps
 * working (showing {@code null}) while one of them is away.
 */
@Component(service = Servlet.class, property = {
    ServletConstants.PLUGIN_LABEL + "=" + KorlangPlugin.LABEL,
    ServletConstants.PLUGIN_TITLE + "=Korlang",
    ServletConstants.PLUGIN_CATEGORY + "=Korlang"
})
public final class KorlangPlugin extends AbstractServlet {

    private static final long serialVersionUID = 1L;
    static final String LABEL = "korlang";
    private static final String RESOURCES = "/org/korlang/observe/internal/console/res/";
    private static final Set<String> SERVED = Set.of("uPlot.iife.min.js", "uPlot.min.css", "uPlot.LICENSE.txt",
            "korlang-console.js", "korlang-console.css");

    private final transient GcEventLog gcLog = new GcEventLog();
    private final transient PolicyControl control;
    private transient volatile Heap heap;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile Scheduler scheduler;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile PortRegistry ports;
    private final transient List<TaskCountSource> taskSources = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public KorlangPlugin(BundleContext context) {
        this.control = new PolicyControl(context);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindTaskCountSource")
    void bindTaskCountSource(TaskCountSource source) {
        taskSources.add(source);
    }

    void unbindTaskCountSource(TaskCountSource source) {
        taskSources.remove(source);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindHeap")
    void bindHeap(Heap h) {
        h.addListener(gcLog);
        heap = h;
    }

    void unbindHeap(Heap h) {
        h.removeListener(gcLog);
        if (heap == h) {
            heap = null;
        }
    }

    @Override
    protected URL getResource(String path) {
        String prefix = "/" + LABEL + "/res/";
        if (path == null || !path.startsWith(prefix)) {
            return null;
        }
        String file = path.substring(prefix.length());
        return SERVED.contains(file) ? KorlangPlugin.class.getResource(RESOURCES + file) : null;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path != null && path.equals("/" + LABEL + "/data.json")) {
            long since;
            try {
                since = Long.parseLong(request.getParameter("since") == null ? "0" : request.getParameter("since"));
            } catch (NumberFormatException e) {
                since = 0;
            }
            send(response, HttpServletResponse.SC_OK, data(since));
            return;
        }
        URL resource = getResource(path);
        if (resource != null) {
            byte[] body;
            try (var in = resource.openStream()) {
                body = in.readAllBytes();
            }
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(path.endsWith(".js") ? "text/javascript;charset=UTF-8"
                    : path.endsWith(".css") ? "text/css;charset=UTF-8" : "text/plain;charset=UTF-8");
            response.setHeader("Cache-Control", "max-age=300");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || !path.equals("/" + LABEL + "/policy")) {
            send(response, HttpServletResponse.SC_NOT_FOUND, message(false, "no such action: " + path));
            return;
        }
        if (!"1".equals(request.getHeader("X-Korlang-Console"))) {
            send(response, HttpServletResponse.SC_FORBIDDEN, message(false, "missing header X-Korlang-Console: 1"));
            return;
        }
        try {
            PolicyControl.Target target = PolicyControl.Target.of(request.getParameter("target"));
            String result = control.switchTo(target, request.getParameter("name"));
            send(response, HttpServletResponse.SC_OK, message(true, result));
        } catch (IllegalArgumentException e) {
            send(response, HttpServletResponse.SC_BAD_REQUEST, message(false, e.getMessage()));
        } catch (RuntimeException e) {
            send(response, HttpServletResponse.SC_CONFLICT, message(false, e.getMessage() != null ? e.getMessage() : e.toString()));
        }
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String root = (String) request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        if (root == null) {
            root = request.getContextPath() + request.getServletPath() + "/" + LABEL;
        }
        String page = new String(KorlangPlugin.class.getResourceAsStream(RESOURCES + "korlang-console.html").readAllBytes(),
                StandardCharsets.UTF_8);
        response.getWriter().print(page.replace("${root}", root.replace("\"", "")));
    }

    private static void send(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        setNoCache(response);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static String message(boolean ok, String text) {
        return new Json().open().name("ok").value(ok).name("message").value(text).close().toString();
    }

    /** The endpoint's document (see the class comment). */
    String data(long since) {
        Json j = new Json().open();
        j.name("time").value(System.currentTimeMillis());
        Heap h = heap;
        j.name("heap");
        if (h == null) {
            j.nullValue();
        } else {
            HeapStats s = h.stats();
            j.open().name("policy").value(s.policy()).name("policies").strings(control.gcPolicies())
                    .name("young").value(s.youngUsed()).name("youngCapacity").value(s.youngCapacity())
                    .name("old").value(s.oldUsed()).name("large").value(s.largeUsed()).name("used").value(s.usedBytes())
                    .name("limit").value(s.heapLimit()).name("minorCollections").value(s.minorCollections())
                    .name("fullCollections").value(s.fullCollections())
                    .name("minorPauseMillis").value(s.minorPauseNanos() / 1e6).name("fullPauseMillis").value(s.fullPauseNanos() / 1e6)
                    .name("allocated").value(s.bytesAllocated()).name("promoted").value(s.bytesPromoted())
                    .name("mutators").value(s.mutators()).close();
        }
        j.name("gc").open().name("next").value(gcLog.next()).name("events").openArray();
        for (GcEventLog.Entry e : gcLog.since(since)) {
            j.open().name("index").value(e.index()).name("seq").value(e.event().sequence()).name("time").value(e.epochMillis())
                    .name("policy").value(e.event().policy()).name("kind").value(e.event().kind().name().toLowerCase(java.util.Locale.ROOT))
                    .name("cause").value(e.event().cause().name().toLowerCase(java.util.Locale.ROOT))
                    .name("pauseMillis").value(e.event().pauseNanos() / 1e6)
                    .name("before").value(e.event().bytesBefore()).name("after").value(e.event().bytesAfter()).close();
        }
        j.closeArray().close();
        Scheduler sched = scheduler;
        j.name("scheduler");
        if (sched == null) {
            j.nullValue();
        } else {
            SchedulerMetrics m = sched.metrics();
            j.open().name("policy").value(m.policy().orElse("none")).name("policies").strings(sched.availablePolicies())
                    .name("parallelism").value(m.parallelism()).name("workers").value(m.workers())
                    .name("parkedWorkers").value(m.parkedWorkers()).name("spareThreads").value(m.spareThreads())
                    .name("blockedThreads").value(m.blockedThreads()).name("globalQueue").value(m.globalQueueLength())
                    .name("localQueues").longs(m.localQueueLengths()).name("steals").value(m.steals())
                    .name("parks").value(m.parks()).name("spawned").value(m.spawned()).name("pending").value(m.pending())
                    .name("swaps").value(m.swaps()).close();
        }
        j.name("tasks");
        if (taskSources.isEmpty()) {
            j.nullValue();
        } else {
            j.open();
            for (TaskCountSource source : taskSources) {
                TaskCounts c = source.taskCounts();
                j.name(source.name()).open().name("live").value(c.live()).name("parked").value(c.parked())
                        .name("spawned").value(c.spawned()).name("completed").value(c.completed()).close();
            }
            j.close();
        }
        PortRegistry registry = ports;
        j.name("ports");
        if (registry == null) {
            j.nullValue();
        } else {
            j.open().name("machine").value(registry.machine()).name("missing").strings(registry.missing()).name("ports").openArray();
            List<PortStatus> list = registry.ports();
            for (PortStatus p : list) {
                j.open().name("bundle").value(p.bundle()).name("version").value(p.version()).name("kind").value(p.kind())
                        .name("target").value(p.target()).name("state").value(p.state()).name("serving").value(p.serving())
                        .name("status").value(p.status()).close();
            }
            j.closeArray().close();
        }
        return j.close().toString();
    }
}
