package dev.cpx.web.api.settlement;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.period.RunView;
import dev.cpx.settlement.period.SettlementRuns;
import dev.cpx.settlement.period.SettlementService;
import dev.cpx.settlement.statement.StatementDocument;
import dev.cpx.settlement.statement.Statements;
import dev.cpx.settlement.statement.report.ReportFormat;
import dev.cpx.settlement.statement.report.StatementReports;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Statement reports of a period's run in CSV, XLSX or PDF, with the same figures in each, the same statement as
 * FinOps FOCUS rows, and a manifest of their SHA-256 hashes. A report is rendered from what its run stored, timed by the run, so a run's files are the same
 * bytes on every download.
 */
@RestController
@RequestMapping("/api/v1/settlement/periods/{periodId}/reports")
@Tag(name = "Settlement")
class ReportApi {

    static final String PLATFORM_REPORT = "platform";

    private final SettlementRuns settlement;
    private final StatementReports reports;

    ReportApi(SettlementRuns settlement, StatementReports reports) {
        this.settlement = settlement;
        this.reports = reports;
    }

    /** A file of a run's reports: its download name (as in the reports path), SHA-256 and size in bytes. */
    record ManifestFile(String name, String sha256, long bytes) {
    }

    record Manifest(long periodId, int run, String kind, String contentHash, List<ManifestFile> files) {
    }

    @GetMapping("/{organizationCode}.manifest.json")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "The SHA-256 and size of each report file of an organization's statement of a run "
            + "(the latest unless run is given)")
    Manifest manifest(CpxPrincipal caller, @PathVariable long periodId, @PathVariable String organizationCode,
                      @RequestParam(required = false) Integer run) {
        checkOwn(caller, periodId, organizationCode);
        StatementDocument document = settlement.statementDocument(periodId, organizationCode, run);
        var files = new ArrayList<ManifestFile>();
        for (ReportFormat format : ReportFormat.values()) {
            byte[] bytes = switch (format) {
                case CSV -> reports.csv(document);
                case XLSX -> reports.xlsx(document);
                case PDF -> reports.pdf(document);
            };
            files.add(new ManifestFile(organizationCode + "." + format.extension(), Statements.sha256(bytes),
                    bytes.length));
        }
        byte[] focus = focus(document);
        files.add(new ManifestFile(organizationCode + ".focus.csv", Statements.sha256(focus), focus.length));
        RunView view = settlement.run(periodId, run);
        return new Manifest(periodId, view.run(), view.kind().name(), document.contentHash(), files);
    }

    @GetMapping("/{organizationCode}.focus.csv")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "An organization's statement of a run (the latest unless run is given) as FinOps FOCUS 1.0 "
            + "cost and usage rows, CSV (platform finance, or that organization's finance)")
    void focus(CpxPrincipal caller, @PathVariable long periodId, @PathVariable String organizationCode,
               @RequestParam(required = false) Integer run, HttpServletResponse response) throws IOException {
        checkOwn(caller, periodId, organizationCode);
        StatementDocument document = settlement.statementDocument(periodId, organizationCode, run);
        response.setContentType(ReportFormat.CSV.mediaType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(reports.focusFileName(document)).build().toString());
        reports.writeFocus(document, settlement.allocatedNodes(document), SettlementService.PLATFORM,
                response.getOutputStream());
    }

    private byte[] focus(StatementDocument document) {
        return reports.focus(document, settlement.allocatedNodes(document), SettlementService.PLATFORM);
    }

    @GetMapping("/{organizationCode}.{extension}")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "An organization's statement (platform finance, or that organization's finance); "
            + "'platform' for the platform-wide report; extension csv, xlsx or pdf")
    void report(CpxPrincipal caller, @PathVariable long periodId, @PathVariable String organizationCode,
                @PathVariable String extension, @RequestParam(required = false) Integer run,
                HttpServletResponse response) throws IOException {
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
        checkOwn(caller, periodId, organizationCode);
        var document = settlement.statementDocument(periodId, organizationCode, run);
        start(response, format, reports.fileName(format, document));
        reports.write(format, document, response.getOutputStream());
    }

    /** Another organization's statement is answered as not found, never as forbidden. */
    static void checkOwn(CpxPrincipal caller, long periodId, String organizationCode) {
        if (!caller.organization().platform() && !caller.organizationCode().equals(organizationCode)) {
            throw CpxException.notFound("statement of " + organizationCode + " in period", periodId);
        }
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
