package dev.cpx.web.error;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat answers some requests itself, before the application sees them (a {@code %00} or bad escape in the
 * path, an unreadable request line): under {@code /api/} those answers are problem details too, not Tomcat's
 * HTML page. So are answers to requests whose line could not be read at all (longer than Tomcat's header
 * buffer): their path is unknown, and a short JSON document reads well in a browser too. Elsewhere Tomcat's
 * report runs, without server information or details.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        String uri = request.getRequestURI();
        boolean unread = uri == null || uri.isEmpty();
        if (!unread && !uri.startsWith("/api/")) {
            super.report(request, response, throwable);
            return;
        }
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        var problem = Problems.forStatus(status, status == 400
                ? "the request line or address could not be read; encode the path and query as RFC 3986 says"
                : "the request could not be served");
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(Map.of("type", problem.getType().toString(),
                        "title", problem.getTitle(), "status", status, "detail", problem.getDetail(),
                        "code", problem.getProperties().get("code"))));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response committed: nothing more can be said.
        }
    }
}
