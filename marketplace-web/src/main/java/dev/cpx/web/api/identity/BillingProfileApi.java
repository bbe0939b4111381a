package dev.cpx.web.api.identity;

import dev.cpx.core.identity.BillingProfile;
import dev.cpx.core.identity.BillingProfileService;
import dev.cpx.core.problem.CpxException;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's organization's billing profile: what its invoices say about it. */
@RestController
@RequestMapping("/api/v1/organization/billing-profile")
@Tag(name = "Account")
class BillingProfileApi {

    private final BillingProfileService profiles;

    BillingProfileApi(BillingProfileService profiles) {
        this.profiles = profiles;
    }

    record Profile(String legalName, String taxId, String address, String poReference, String updatedAt,
                   String updatedBy) {

        static Profile of(BillingProfile profile) {
            return new Profile(profile.legalName(), profile.taxId(), profile.address(), profile.poReference(),
                    profile.updatedAt().toString(), profile.updatedBy());
        }
    }

    record ProfileRequest(String legalName, String taxId, String address, String poReference) {
    }

    @GetMapping
    @PreAuthorize(ApiAccess.READ)
    @Operation(summary = "The organization's billing profile; 404 until one is saved")
    Profile profile(CpxPrincipal caller) {
        return profiles.profile(caller.organizationId()).map(Profile::of)
                .orElseThrow(() -> CpxException.notFound("billing profile of", caller.organizationCode()));
    }

    @PutMapping
    @PreAuthorize(ApiAccess.BILLING_PROFILE)
    @Operation(summary = "Save the billing profile (legal name, tax id, address, optional default PO reference); "
            + "400 names every field that is missing or unreadable")
    Profile save(CpxPrincipal caller, @RequestBody ProfileRequest request) {
        return Profile.of(profiles.save(caller.organizationId(), new BillingProfileService.Changes(request.legalName(),
                request.taxId(), request.address(), request.poReference()), changedBy(caller)));
    }

    static String changedBy(CpxPrincipal caller) {
        return caller.userId() != null ? caller.email() : "API key " + caller.apiKeyId();
    }
}
