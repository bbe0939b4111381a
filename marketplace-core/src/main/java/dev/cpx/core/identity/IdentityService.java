package dev.cpx.core.identity;

import dev.cpx.core.identity.internal.AppUserEntity;
import dev.cpx.core.identity.internal.AppUserRepository;
import dev.cpx.core.identity.internal.OrganizationEntity;
import dev.cpx.core.identity.internal.OrganizationRepository;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Organizations and their users: creation, look-up and the sign-in failure counter. */
@Service
public class IdentityService {

    private final OrganizationRepository organizations;
    private final AppUserRepository users;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    IdentityService(OrganizationRepository organizations, AppUserRepository users, Clock clock,
                    ApplicationEventPublisher events) {
        this.organizations = organizations;
        this.users = users;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public OrganizationView createOrganization(NewOrganization request) {
        if (organizations.findByCode(request.code()).isPresent()) {
            throw new CpxException(ErrorCode.ALREADY_EXISTS, "organization " + request.code() + " already exists");
        }
        var entity = new OrganizationEntity(request.code(), request.name(), request.buyer(), request.provider(),
                request.platform(), request.creditLimitMinor(), clock.instant());
        OrganizationView created = organizations.save(entity).view();
        events.publishEvent(new OrganizationCreated(created.id(), created.code()));
        return created;
    }

    @Transactional
    public long createUser(NewUser request) {
        if (users.existsByEmailIgnoreCase(request.email())) {
            throw new CpxException(ErrorCode.ALREADY_EXISTS, "a user with e-mail " + request.email() + " exists");
        }
        var organization = organizations.findById(request.organizationId())
                .orElseThrow(() -> CpxException.notFound("organization", request.organizationId()));
        var entity = new AppUserEntity(organization, request.email(), request.displayName(), request.passwordHash(),
                request.roles(), clock.instant());
        return users.save(entity).id();
    }

    @Transactional(readOnly = true)
    public Optional<OrganizationView> organizationByCode(String code) {
        return organizations.findByCode(code).map(OrganizationEntity::view);
    }

    @Transactional(readOnly = true)
    public OrganizationView organization(long id) {
        return organizations.findById(id).map(OrganizationEntity::view)
                .orElseThrow(() -> CpxException.notFound("organization", id));
    }

    @Transactional(readOnly = true)
    public List<OrganizationView> organizations() {
        return organizations.findAllByOrderByCode().stream().map(OrganizationEntity::view).toList();
    }

    @Transactional(readOnly = true)
    public Optional<UserAccount> userByEmail(String email) {
        return users.findByEmail(email).map(u -> new UserAccount(u.id(), u.organization().view(), u.email(),
                u.displayName(), u.passwordHash(), u.roles(), u.enabled(), u.lockedUntil()));
    }

    /** Whether a person may still act, and with which roles: what a session of theirs must still agree with. */
    public record Standing(boolean enabled, java.util.Set<Role> roles) {
    }

    @Transactional(readOnly = true)
    public Optional<Standing> standing(long userId) {
        return users.findById(userId).map(u -> new Standing(u.enabled(), u.roles()));
    }

    /** Counts a failed sign-in; the failure that reaches the policy's limit pauses the account. */
    @Transactional
    public void recordFailedSignIn(String email, SignInPolicy policy) {
        if (users.incrementFailures(email) == 1) {
            Instant until = clock.instant().plus(policy.lockDuration());
            users.lockWhenOverLimit(email, policy.maxFailures(), until);
        }
    }

    @Transactional
    public void recordSuccessfulSignIn(String email) {
        users.resetFailures(email);
    }
}
