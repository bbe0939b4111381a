package dev.cpx.web.api.settlement;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.period.SettlementService;
import dev.cpx.settlement.statement.report.ReportFormat;
import dev.cpx.settlement.statement.report.StatementReports;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Statement reports of a period in CSV, XLSX or PDF, with the same figures in each. */
@RestController
@RequestMapping("/api/v1/settlement/periods/{periodId}/reports")
@Tag(name = "Settlement")
class ReportApi {

    static final String PLATFORM_REPORT = "platform";

    private final SettlementService settlement;
    private final StatementReports reports;

    ReportApi(SettlementService settlement, StatementReports reports) {
        this.settlement = settlement;
        this.reports = reports;
    }

    @GetMapping("/{organizationCode}.{extension}")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "An organization's statement (platform finance, or that organization's finance); "
            + "'platform' for the platform-wide report; extension csv, xlsx or pdf")
    void report(CpxPrincipal caller, @PathVariable long periodId, @PathVariable String organizationCode,
                @PathVariable String extension, HttpServletResponse response) throws IOException {
        ReportFormat format = format(extension);
        boolean platformFinance = caller.organization().platform();
        if (PLATFORM_REPORT.equals(organizationCode)) {
            if (!platformFinance) {
                throw new CpxException(ErrorCode.FORBIDDEN, "the platform-wide report is for platform finance");
            }
            var report = settlement.platformReport(periodId);
            start(response, format, reports.fileName(format, report));
            reports.write(format, report, response.getOutputStream());
            return;
        }
        if (!platformFinance && !caller.organizationCode().equals(organizationCode)) {
            throw CpxException.notFound("statement of " + organizationCode + " in period", periodId);
        }
        var document = settlement.statementDocument(periodId, organizationCode);
        start(response, format, reports.fileName(format, document));
        reports.write(format, document, response.getOutputStream());
    }

    private static void start(HttpServletResponse response, ReportFormat format, String fileName) {
        response.setContentType(format.mediaType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName).build().toString());
    }

    private static ReportFormat format(String extension) {
        return Arrays.stream(ReportFormat.values())
                .filter(f -> f.extension().equalsIgnoreCase(extension))
                .findFirst()
                .orElseThrow(() -> new CpxException(ErrorCode.NOT_FOUND, "reports come as csv, xlsx or pdf, not "
                        + extension.toLowerCase(Locale.ROOT)));
    }
}
