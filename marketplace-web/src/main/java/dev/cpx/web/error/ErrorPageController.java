package dev.cpx.web.error;

import jakarta.annotation.security.PermitAll;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Boot's error controller, which renders neither problem details nor our pages: API callers get
 * RFC 9457 JSON, browsers a page of the portal. Nothing of the exception reaches the user.
 */
@Controller
@PermitAll
class ErrorPageController implements ErrorController {

    private final ProblemResponses problems;

    ErrorPageController(ProblemResponses problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    String error(HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
        int status = statusOf(request);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (ProblemResponses.wantsProblem(request, path)) {
            var problem = Problems.forStatus(status, detailFor(status));
            if (path != null) {
                problem.setInstance(java.net.URI.create(path));
            }
            problems.write(request, response, problem);
            return null;
        }
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("error", reason(status));
        model.addAttribute("path", path);
        if (status == 503) {
            model.addAttribute("message", request.getAttribute(ErrorPages.UNAVAILABLE_MESSAGE));
        }
        return switch (status) {
            case 403, 404, 409, 503 -> "error/" + status;
            default -> status >= 500 ? "error/500" : "error";
        };
    }

    private static int statusOf(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof InvalidParameterException) {
            return 400;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code instanceof Integer status) {
            return status;
        }
        // Neither a status nor an exception: /error was asked for by its address, and nothing failed.
        return request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) == null ? 404 : 500;
    }

    private static String reason(int status) {
        HttpStatus resolved = HttpStatus.resolve(status);
        return resolved == null ? "Error" : resolved.getReasonPhrase();
    }

    private static String detailFor(int status) {
        return switch (status) {
            case 404 -> "no resource at this address";
            case 405 -> "this method is not allowed on this resource";
            case 401 -> "sign in or present an API key";
            case 403 -> "you are not allowed to do this";
            default -> status >= 500 ? "an unexpected error occurred; it has been logged" : reason(status);
        };
    }
}
