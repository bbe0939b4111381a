package dev.cpx.core.identity;

import static dev.cpx.core.time.UtcColumns.instant;
import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Organizations' billing profiles: read by anyone of the organization, changed by its finance or administrators. */
@Service
public class BillingProfileService {

    /** Printable text of any script: no control characters (a line break only in the address). */
    private static final Pattern LINE = Pattern.compile("[^\\p{Cntrl}]+");
    private static final Pattern ADDRESS = Pattern.compile("[^\\p{Cntrl}]+(\\n[^\\p{Cntrl}]+){0,5}");
    private static final Pattern TAX_ID = Pattern.compile("[A-Za-z0-9 .\\-/]{2,64}");
    private static final Pattern PO_REFERENCE = Pattern.compile("[A-Za-z0-9 ._:/#\\-]{1,64}");
    private static final Logger log = LoggerFactory.getLogger(BillingProfileService.class);

    private final JdbcClient jdbc;
    private final Clock clock;

    BillingProfileService(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The changes a caller asks for; {@code poReference} null or blank for none. */
    public record Changes(String legalName, String taxId, String address, String poReference) {
    }

    @Transactional(readOnly = true)
    public Optional<BillingProfile> profile(long organizationId) {
        return jdbc.sql("select legal_name, tax_id, address, po_reference, updated_at, updated_by from billing_profile "
                        + "where organization_id = ?")
                .param(organizationId)
                .query((rs, n) -> new BillingProfile(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), instant(rs, 5), rs.getString(6)))
                .optional();
    }

    /** Creates or replaces the profile; every field is checked, and all problems are named at once. */
    @Transactional
    public BillingProfile save(long organizationId, Changes changes, String changedBy) {
        String legalName = strip(changes.legalName());
        String taxId = strip(changes.taxId());
        String address = changes.address() == null ? "" : changes.address().strip().replace("\r\n", "\n");
        String poReference = strip(changes.poReference());
        var errors = new ArrayList<FieldError>();
        check(errors, "legalName", legalName, LINE, 200, "the organization's registered name, up to 200 characters");
        check(errors, "taxId", taxId, TAX_ID, 64, "2-64 letters, digits, spaces or . - /");
        check(errors, "address", address, ADDRESS, 500, "up to 6 lines, 500 characters in all");
        if (!poReference.isEmpty()) {
            check(errors, "poReference", poReference, PO_REFERENCE, 64, "1-64 letters, digits, spaces or . _ : / # -");
        }
        if (!errors.isEmpty()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "the billing profile is not complete: "
                    + String.join(", ", errors.stream().map(FieldError::field).toList()), List.copyOf(errors));
        }
        var profile = new BillingProfile(legalName, taxId, address, poReference.isEmpty() ? null : poReference,
                clock.instant(), changedBy);
        // One upsert, so two saves at once cannot both insert.
        jdbc.sql("insert into billing_profile (organization_id, legal_name, tax_id, address, po_reference, updated_at, "
                        + "updated_by) values (?, ?, ?, ?, ?, ?, ?) on duplicate key update legal_name = values(legal_name), "
                        + "tax_id = values(tax_id), address = values(address), po_reference = values(po_reference), "
                        + "updated_at = values(updated_at), updated_by = values(updated_by), version = version + 1")
                .params(organizationId, profile.legalName(), profile.taxId(), profile.address(), profile.poReference(),
                        utc(profile.updatedAt()), changedBy).update();
        log.info("Billing profile of organization {} saved by {}", organizationId, changedBy);
        return profile;
    }

    private static void check(List<FieldError> errors, String field, String value, Pattern pattern, int maxLength,
                              String expected) {
        if (value.isEmpty() || value.length() > maxLength || !pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, expected));
        }
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
