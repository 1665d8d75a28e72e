package org.pathwayshub.routing;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service that receives alerts: who it covers, which alerts it takes, which fields it may see, and the
 * channel it uses. An entry of {@code mappings/routing/services.yaml}.
 *
 * @param organisation the code the organisation gives as {@code fromOrg} when it refers a young person (its referrals'
 *                     updates come back to its services that take REFERRAL_UPDATE), or null
 * @param digestTypes the alert types it takes once a day, all of a type together, rather than one by one
 */
public record Service(String id, String name, String organisation, Coverage coverage, Set<String> alertTypes,
                      Set<String> digestTypes, List<String> fields, Channel channel, Referrals referrals) {

    /**
     * What the service promises the young people referred to it.
     *
     * @param deadlines  working days after a referral was made by which each deadline of the life cycle is met
     *                   (accept: 5, firstContact: 10)
     * @param escalateTo the service told when a deadline passes (its manager, the LA), or null
     */
    public record Referrals(Map<String, Integer> deadlines, String escalateTo) {
        public static final Referrals NONE = new Referrals(Map.of(), null);
    }

    /**
     * Who a service covers; every dimension given must match. Empty sets and null ages mean "any".
     *
     * @param laCodes           the young person's LA (where their postcode is) or their school's LA
     * @param postcodeDistricts the outward code of the young person's postcode (NM1)
     * @param schools           the young person's school (LAEstab), or the school a digest is about
     */
    public record Coverage(Set<String> laCodes, Set<String> postcodeDistricts, Set<String> schools, Integer minAge,
                           Integer maxAge) {
    }

    /**
     * How a service receives alerts.
     *
     * @param type   queue (a JMS queue it consumes), file (a JSON or CSV file of the alerts of each delivery cycle
     *               in $HUB_HOME/outbox/&lt;id&gt;/), webhook
     *               (a signed HTTPS POST, retried with back-off) or email (a digest over SMTP)
     * @param target the queue name, the webhook URL, or the email address
     * @param secret the webhook's signing secret (HMAC-SHA256 of the body)
     * @param format json or csv, for files
     */
    public record Channel(String type, String target, String secret, String format) {
    }

    public boolean takes(String alertType) {
        return alertTypes.contains(alertType);
    }

    /** It takes this alert type in its daily digest. */
    public boolean digests(String alertType) {
        return digestTypes.contains(alertType);
    }
}
