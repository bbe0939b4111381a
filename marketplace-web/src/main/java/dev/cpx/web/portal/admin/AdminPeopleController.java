package dev.cpx.web.portal.admin;

import dev.cpx.core.identity.OrganizationAdministration;
import dev.cpx.core.identity.OrganizationAdministration.OrganizationChange;
import dev.cpx.core.identity.OrganizationAdministration.OrganizationForm;
import dev.cpx.core.identity.OrganizationAdministration.UserForm;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.Role;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.security.CpxPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Organizations and people in the admin console: creating and editing organizations, creating users, changing their
 * roles and stopping or allowing their sign-in. A refused form comes back with the reason beside each field.
 */
@Controller
@PreAuthorize("hasAuthority('ORG_PLATFORM') and hasRole('PLATFORM_ADMIN')")
class AdminPeopleController {

    private final OrganizationAdministration administration;
    private final IdentityService identity;
    private final PasswordEncoder passwords;

    AdminPeopleController(OrganizationAdministration administration, IdentityService identity,
                          PasswordEncoder passwords) {
        this.administration = administration;
        this.identity = identity;
        this.passwords = passwords;
    }

    // ---- organizations

    @GetMapping("/admin/organizations/new")
    String newOrganization(Model model) {
        model.addAttribute("form", new AdminForms.OrganizationFormData());
        return organizationPage(model, null);
    }

    @PostMapping("/admin/organizations")
    String createOrganization(CpxPrincipal caller, @ModelAttribute("form") AdminForms.OrganizationFormData form,
                              BindingResult errors, Model model, RedirectAttributes redirect) {
        Long creditLimit = AdminForms.amount(form.getCreditLimit(), "creditLimit", errors);
        if (errors.hasErrors()) {
            return organizationPage(model, null);
        }
        try {
            var created = administration.createOrganization(caller.administrator(), new OrganizationForm(
                    form.getCode(), form.getName(), form.isBuyer(), form.isProvider(), creditLimit == null ? 0
                    : creditLimit));
            redirect.addFlashAttribute("notice", "Organization " + created.code() + " (" + created.name()
                    + ") created with its wallet. Add its first user next.");
        } catch (CpxException refused) {
            AdminForms.reject(refused, errors);
            return organizationPage(model, null);
        }
        return "redirect:/admin#organizations";
    }

    @GetMapping("/admin/organizations/{code}")
    String editOrganization(@PathVariable String code, Model model) {
        var organization = administration.organization(code);
        model.addAttribute("form", AdminForms.OrganizationFormData.of(organization));
        return organizationPage(model, organization);
    }

    @PostMapping("/admin/organizations/{code}")
    String updateOrganization(CpxPrincipal caller, @PathVariable String code,
                              @ModelAttribute("form") AdminForms.OrganizationFormData form, BindingResult errors,
                              Model model, RedirectAttributes redirect) {
        var organization = administration.organization(code);
        // A post without the field (the platform's form has none) keeps the limit; a cleared field means none.
        Long creditLimit = organization.platform() || form.getCreditLimit() == null
                ? Long.valueOf(organization.creditLimitMinor())
                : AdminForms.amount(form.getCreditLimit(), "creditLimit", errors);
        if (errors.hasErrors()) {
            return organizationPage(model, organization);
        }
        try {
            var saved = administration.updateOrganization(caller.administrator(), code,
                    new OrganizationChange(form.getName(), form.isBuyer(), form.isProvider(), creditLimit),
                    form.getVersion());
            redirect.addFlashAttribute("notice", "Organization " + code + " saved" + (saved.creditLimitMinor()
                    == organization.creditLimitMinor() ? "" : "; the market uses its credit limit of "
                    + Money.format(saved.creditLimitMinor()) + " from its next order on") + ". People signed in see "
                    + "a new name or market role when they next sign in.");
        } catch (CpxException refused) {
            if (refused.errorCode() == ErrorCode.STALE_UPDATE) {
                throw refused;
            }
            AdminForms.reject(refused, errors);
            return organizationPage(model, organization);
        }
        return "redirect:/admin#organizations";
    }

    private String organizationPage(Model model, OrganizationAdministration.OrganizationDetail organization) {
        model.addAttribute("activeNav", "admin");
        model.addAttribute("organization", organization);
        return "admin/organization";
    }

    // ---- users

    @GetMapping("/admin/users/new")
    String newUser(@RequestParam(name = "organization", required = false) String organization, Model model) {
        var form = new AdminForms.UserFormData();
        form.setOrganization(organization);
        model.addAttribute("form", form);
        return newUserPage(model);
    }

    @PostMapping("/admin/users")
    String createUser(CpxPrincipal caller, @ModelAttribute("form") AdminForms.UserFormData form, BindingResult errors,
                      Model model, RedirectAttributes redirect) {
        String password = form.getPassword() == null ? "" : form.getPassword();
        try {
            // Hashing is costly by design: only a password of an acceptable length is hashed.
            boolean acceptable = password.length() >= OrganizationAdministration.MIN_PASSWORD_LENGTH
                    && password.length() <= OrganizationAdministration.MAX_PASSWORD_LENGTH;
            administration.createUser(caller.administrator(), new UserForm(form.getOrganization(), form.getEmail(),
                    form.getDisplayName(), acceptable ? passwords.encode(password) : "", password.length(),
                    roles(form.getRoles())));
            redirect.addFlashAttribute("notice", "User " + form.getEmail().strip() + " created. Pass the password on "
                    + "through a separate channel.");
        } catch (CpxException refused) {
            form.setPassword(null);
            AdminForms.reject(refused, errors);
            return newUserPage(model);
        }
        return "redirect:/admin#users";
    }

    private String newUserPage(Model model) {
        model.addAttribute("activeNav", "admin");
        model.addAttribute("organizations", identity.organizations());
        model.addAttribute("allRoles", Role.values());
        model.addAttribute("minPassword", OrganizationAdministration.MIN_PASSWORD_LENGTH);
        return "admin/user-new";
    }

    @GetMapping("/admin/users/{userId}")
    String user(@PathVariable long userId, Model model) {
        var user = administration.user(userId);
        var form = new AdminForms.RolesFormData();
        form.setRoles(user.roles().stream().map(Role::name).toList());
        form.setVersion(user.version());
        model.addAttribute("form", form);
        return userPage(model, user);
    }

    @PostMapping("/admin/users/{userId}/roles")
    String setRoles(CpxPrincipal caller, @PathVariable long userId,
                    @ModelAttribute("form") AdminForms.RolesFormData form, BindingResult errors, Model model,
                    RedirectAttributes redirect) {
        var user = administration.user(userId);
        try {
            administration.setRoles(caller.administrator(), userId, roles(form.getRoles()), form.getVersion());
            redirect.addFlashAttribute("notice", "Roles of " + user.email() + " saved; they apply at once (a session "
                    + "open with the old roles ends, and the person signs in again).");
        } catch (CpxException refused) {
            if (refused.errorCode() == ErrorCode.STALE_UPDATE) {
                throw refused;
            }
            AdminForms.reject(refused, errors);
            return userPage(model, user);
        }
        return "redirect:/admin/users/" + userId;
    }

    @PostMapping("/admin/users/{userId}/sign-in")
    String setSignIn(CpxPrincipal caller, @PathVariable long userId,
                     @RequestParam(name = "enabled", required = false) String enabled,
                     @RequestParam(name = "reason", required = false) String reason,
                     @RequestParam(name = "version", required = false) Long version, RedirectAttributes redirect) {
        var user = administration.user(userId);
        boolean enable = "true".equals(enabled);
        try {
            administration.setEnabled(caller.administrator(), userId, enable, reason,
                    version == null ? -1 : version);
            redirect.addFlashAttribute("notice", enable ? user.email() + " may sign in again."
                    : user.email() + " can no longer sign in; sessions already open end at once.");
        } catch (CpxException refused) {
            if (refused.errorCode() == ErrorCode.STALE_UPDATE) {
                throw refused;
            }
            redirect.addFlashAttribute("failure", (enable ? "Not enabled: " : "Not disabled: ") + refused.detail()
                    + ".");
        }
        return "redirect:/admin/users/" + userId;
    }

    private String userPage(Model model, OrganizationAdministration.UserDetail user) {
        model.addAttribute("activeNav", "admin");
        model.addAttribute("user", user);
        model.addAttribute("allRoles", Role.values());
        return "admin/user";
    }

    private static Set<Role> roles(List<String> names) {
        var roles = EnumSet.noneOf(Role.class);
        if (names != null) {
            for (String name : names) {
                try {
                    roles.add(Role.valueOf(name));
                } catch (IllegalArgumentException unknown) {
                    throw new CpxException(ErrorCode.VALIDATION_FAILED, "unknown role " + Money.quote(name),
                            List.of(new CpxException.FieldError("roles", "unknown role")));
                }
            }
        }
        return roles;
    }
}
