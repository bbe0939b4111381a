package dev.cpx.web.api.settlement;

import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.settlement.period.LineLineage;
import dev.cpx.settlement.period.RunView;
import dev.cpx.settlement.period.SettlementRuns;
import dev.cpx.settlement.period.UsageRecordView;
import dev.cpx.settlement.statement.RunDiff;
import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * A period's runs, a TRUE_UP, and what lets anyone check a statement: its canonical form (whose SHA-256 is its
 * content hash), its lines with the usage records behind each, and those records.
 */
@RestController
@RequestMapping("/api/v1/settlement/periods/{periodId}")
@Tag(name = "Settlement")
class RunApi {

    private final SettlementRuns runs;
    private final JsonMapper json;

    RunApi(SettlementRuns runs, JsonMapper json) {
        this.runs = runs;
        this.json = json;
    }

    record Run(int run, String kind, String createdAt, String contentHash) {

        static Run of(RunView view) {
            return new Run(view.run(), view.kind().name(), view.createdAt().toString(), view.contentHash());
        }
    }

    /** A run with its netting hash and the lines that differ from the run before it. */
    record RunDetail(int run, String kind, String createdAt, String createdBy, String contentHash,
                     String nettingHash, List<Change> changes) {

        static RunDetail of(RunView view, List<RunDiff.LineChange> changes) {
            return new RunDetail(view.run(), view.kind().name(), view.createdAt().toString(), view.createdBy(),
                    view.contentHash(), view.nettingHash(), changes.stream().map(Change::of).toList());
        }
    }

    record Change(String organization, String reference, String role, String change, String netBefore,
                  String netAfter, String difference) {

        static Change of(RunDiff.LineChange c) {
            return new Change(c.organization(), c.reference(), c.role().name(), c.change().name(),
                    Money.format(c.netBeforeMinor()), Money.format(c.netAfterMinor()),
                    Money.format(c.differenceMinor()));
        }
    }

    record UsageCounts(long provider, long buyer) {
    }

    /** A statement line with the usage records behind it; {@code project} is the organization's own tag. */
    record Line(long contractId, String kind, String reference, String instrument, String project,
                long deliveredGpuSeconds, long contractedGpuSeconds, String value, String slaCredit, String fees,
                String adjustment, String net, UsageCounts usageRecords) {

        static Line of(LineLineage lineage) {
            StatementLine l = lineage.line();
            return new Line(l.contractId(), l.kind().name(), l.reference(), l.instrument(), l.project(),
                    l.deliveredGpuSeconds(), l.contractedGpuSeconds(), Money.format(l.valueMinor()),
                    Money.format(l.slaCreditMinor()), Money.format(l.feeMinor()), Money.format(l.adjustmentMinor()),
                    Money.format(l.netMinor()), new UsageCounts(lineage.providerRecords(), lineage.buyerRecords()));
        }
    }

    record UsageRecord(String source, String recordId, long contractId, String cpid, String intervalStart,
                       String intervalEnd, long gpuSeconds, String receivedAt) {

        static UsageRecord of(UsageRecordView v) {
            return new UsageRecord(v.source(), v.recordId(), v.contractId(), v.cpid(), v.intervalStart().toString(),
                    v.intervalEnd().toString(), v.gpuSeconds(), v.receivedAt().toString());
        }
    }

    @GetMapping("/runs")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "The period's runs, oldest first: PRELIMINARY runs (one per rating that changed the "
            + "figures while open; the latest is current), FINAL, TRUE_UP")
    List<Run> list(CpxPrincipal caller, @PathVariable long periodId) {
        checkHoldsStatement(caller, periodId);
        return runs.runs(periodId).stream().map(Run::of).toList();
    }

    @GetMapping("/runs/{run}")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "One run with the lines that differ from the run before it (an organization sees its own)")
    RunDetail get(CpxPrincipal caller, @PathVariable long periodId, @PathVariable int run) {
        checkHoldsStatement(caller, periodId);
        String scope = caller.organization().platform() ? null : caller.organizationCode();
        return RunDetail.of(runs.run(periodId, run), runs.changes(periodId, run).stream()
                .filter(c -> scope == null || c.organization().equals(scope)).toList());
    }

    @GetMapping("/runs/{run}/netting")
    @PreAuthorize(ApiAccess.PLATFORM_FINANCE)
    @Operation(summary = "The netting of a run in canonical CSV form; its SHA-256 is the run's nettingHash")
    void netting(@PathVariable long periodId, @PathVariable int run, HttpServletResponse response)
            throws IOException {
        byte[] bytes = runs.canonicalNetting(periodId, run).getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/csv; charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    @PostMapping("/true-up")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(ApiAccess.PLATFORM_FINANCE)
    @Operation(summary = "Book the disputes resolved since the last run of a closed period into a new, frozen "
            + "TRUE_UP run; 409 when the period is open or nothing was resolved since")
    RunDetail trueUp(CpxPrincipal caller, @PathVariable long periodId) {
        var trueUp = runs.trueUp(periodId, SettlementApi.actor(caller));
        return RunDetail.of(trueUp.run(), trueUp.changes());
    }

    @GetMapping("/statements/{organizationCode}/canonical")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "The canonical CSV of a statement of a run (the latest unless run is given); its SHA-256 "
            + "is the statement's contentHash")
    void canonical(CpxPrincipal caller, @PathVariable long periodId, @PathVariable String organizationCode,
                   @RequestParam(required = false) Integer run, HttpServletResponse response) throws IOException {
        ReportApi.checkOwn(caller, periodId, organizationCode);
        var statement = runs.statement(periodId, organizationCode, run);
        byte[] bytes = statement.canonical().getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("cpx-statement-"
                + periodId + "-run-" + statement.run().run() + "-" + organizationCode.replaceAll("[^A-Za-z0-9-]", "_")
                + ".canonical.csv").build().toString());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    @GetMapping("/statements/{organizationCode}/lines")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "The lines of a statement of a run, each with the count of usage records of each side "
            + "behind it")
    List<Line> lines(CpxPrincipal caller, @PathVariable long periodId, @PathVariable String organizationCode,
                     @RequestParam(required = false) Integer run) {
        ReportApi.checkOwn(caller, periodId, organizationCode);
        return runs.lines(periodId, organizationCode, run).stream().map(Line::of).toList();
    }

    @GetMapping("/statements/{organizationCode}/lines/{contractId}/usage")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "The usage records behind a contract line, both sides, as JSON lines "
            + "(application/x-ndjson, one record a line)")
    void usage(CpxPrincipal caller, @PathVariable long periodId, @PathVariable String organizationCode,
               @PathVariable long contractId, @RequestParam(required = false) Integer run,
               HttpServletResponse response) throws IOException {
        ReportApi.checkOwn(caller, periodId, organizationCode);
        List<UsageRecordView> records = runs.usage(periodId, organizationCode, run, contractId);
        response.setContentType("application/x-ndjson; charset=UTF-8");
        Writer writer = response.getWriter();
        for (UsageRecordView record : records) {
            writer.write(json.writeValueAsString(UsageRecord.of(record)));
            writer.write('\n');
        }
        writer.flush();
    }

    /** An organization sees a period's runs when the period holds its statement; another period is not found. */
    private void checkHoldsStatement(CpxPrincipal caller, long periodId) {
        if (!caller.organization().platform() && runs.statements(periodId, caller.organizationCode(), null)
                .isEmpty()) {
            throw CpxException.notFound("settlement period", periodId);
        }
    }
}
