package org.pathwayshub.school;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.pathwayshub.referral.PartnerScope;
import org.pathwayshub.routing.ServiceDirectory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Which schools a user acts for. A partner (PARTNER only) acts for the organisation on their user
 * ({@link PartnerScope}); its schools are those its services cover ({@code coverage: { schools: [...] }} in
 * mappings/routing/services.yaml). Staff see every school.
 */
@Component
@ConditionalOnWebApplication
public class SchoolScope {

    private static final Pattern LAESTAB = Pattern.compile("\\d{7}");

    private final PartnerScope partners;
    private final ServiceDirectory directory;

    public SchoolScope(PartnerScope partners, ServiceDirectory directory) {
        this.partners = partners;
        this.directory = directory;
    }

    /** The schools the caller acts for; null for staff, who may open any school. */
    public Set<String> schoolsOf(Authentication who) {
        PartnerScope.Partner partner = partners.of(who);
        if (partner == null) {
            return null;
        }
        Set<String> schools = new TreeSet<>();
        partner.services().forEach(id -> directory.find(id).ifPresent(s -> schools.addAll(s.coverage().schools())));
        return schools;
    }

    /**
     * Refuses a school that is not a LAEstab (400), or that the caller does not act for (404: the answer says nothing
     * of that school's pupils, not even whether it has any).
     *
     * @return the LAEstab
     */
    public String check(Authentication who, String laEstab) {
        String school = laEstab == null ? "" : laEstab.trim();
        if (!LAESTAB.matcher(school).matches()) {
            throw SchoolFlags.Refused.badRequest("laEstab: a school's LAEstab, the LA number and establishment number as"
                    + " seven digits such as 9254000 (got '" + laEstab + "')");
        }
        Set<String> mine = schoolsOf(who);
        if (mine != null && !mine.contains(school)) {
            throw SchoolFlags.Refused.notFound("school " + school + " is not one your organisation acts for: its services in "
                    + ServiceDirectory.FILE + " cover " + (mine.isEmpty() ? "no school" : "schools " + String.join(", ", mine)));
        }
        return school;
    }
}
