package dev.cpx.web.portal;

import dev.cpx.core.problem.CpxException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** A refusal on a portal page renders the matching error page with the business message, never a stack trace. */
@ControllerAdvice(basePackages = "dev.cpx.web.portal")
class PortalExceptionHandler {

    @ExceptionHandler(CpxException.class)
    String refused(CpxException exception, HttpServletResponse response, Model model) {
        int status = exception.errorCode().status();
        response.setStatus(status);
        HttpStatus resolved = HttpStatus.resolve(status);
        model.addAttribute("status", status);
        model.addAttribute("error", resolved == null ? "Error" : resolved.getReasonPhrase());
        model.addAttribute("message", exception.detail());
        return switch (status) {
            case 403, 404, 409 -> "error/" + status;
            default -> "error";
        };
    }
}
