package at.meldestelle.infra.auth.role;

import at.meldestelle.infra.shared.api.security.Roles;

import java.util.List;
import java.util.Map;

import static at.meldestelle.infra.shared.api.security.Permissions.ALL;
import static at.meldestelle.infra.shared.api.security.Permissions.READ_EVENTS;
import static at.meldestelle.infra.shared.api.security.Permissions.READ_HORSES;
import static at.meldestelle.infra.shared.api.security.Permissions.READ_MASTERDATA;
import static at.meldestelle.infra.shared.api.security.Permissions.READ_MEMBERS;
import static at.meldestelle.infra.shared.api.security.Permissions.WRITE_EVENTS;
import static at.meldestelle.infra.shared.api.security.Permissions.WRITE_HORSES;

/**
 * The role-to-permission mapping a new installation starts with; admins change it through
 * {@code PUT /admin/roles/{role}}. An admin manages everything; a trainer keeps horses and enters
 * events; a member reads; a guest sees the published events and the master data.
 */
final class DefaultRoles {

    static final Map<String, List<String>> PERMISSIONS = Map.of(
            Roles.ADMIN, ALL,
            Roles.TRAINER, List.of(READ_MEMBERS, READ_HORSES, WRITE_HORSES, READ_EVENTS, WRITE_EVENTS, READ_MASTERDATA),
            Roles.MEMBER, List.of(READ_MEMBERS, READ_HORSES, READ_EVENTS, READ_MASTERDATA),
            Roles.GUEST, List.of(READ_EVENTS, READ_MASTERDATA));

    private DefaultRoles() {
    }
}
