package org.pathwayshub.routing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Which services an alert goes to: those taking its type whose coverage fits the young person (where they
 * live, their school, their age); for a referral, the service it names; for a school's digest, the services
 * covering that school.
 */
@Component
public class Recipients {

    private final ServiceDirectory directory;
    private final LocalAuthority la;

    public Recipients(ServiceDirectory directory, LocalAuthority la) {
        this.directory = directory;
        this.la = la;
    }

    /** What coverage is matched against, for one young person. */
    public record Person(String postcode, String school, Integer age) {
    }

    public List<Service> forPerson(String alertType, Person p) {
        return directory.all().stream().filter(s -> s.takes(alertType) && covers(s.coverage(), p)).toList();
    }

    public List<Service> named(String alertType, String serviceId) {
        return directory.find(serviceId).filter(s -> s.takes(alertType)).map(List::of).orElse(List.of());
    }

    public List<Service> forSchool(String alertType, String school) {
        return directory.all().stream().filter(s -> s.takes(alertType) && s.coverage().schools().contains(school)).toList();
    }

    boolean covers(Service.Coverage c, Person p) {
        if (!c.postcodeDistricts().isEmpty() && !c.postcodeDistricts().contains(LocalAuthority.district(p.postcode()))) {
            return false;
        }
        if (!c.schools().isEmpty() && (p.school() == null || !c.schools().contains(p.school()))) {
            return false;
        }
        if (!c.laCodes().isEmpty()) {
            Set<String> las = new HashSet<>();
            if (p.school() != null && p.school().length() >= 3) {
                las.add(p.school().substring(0, 3));
            }
            if (p.postcode() == null || la.covers(p.postcode())) {
                las.add(la.code());
            }
            if (las.stream().noneMatch(c.laCodes()::contains)) {
                return false;
            }
        }
        if (p.age() != null && c.minAge() != null && (p.age() < c.minAge() || p.age() > c.maxAge())) {
            return false;
        }
        return true;
    }

}
