package org.pathwayshub.alert;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.routing.LocalAuthority;

/**
 * What the alert rules need to know about one young person now: who they are, where they live and study,
 * their activity spells, their risk, claims, referrals not yet alerted and September Guarantee offers.
 */
public record PersonSituation(UUID hubId, LocalDate dob, String givenName, String familyName, String gender,
                              String postcode, String previousPostcode, Map<String, String> identifiers, String school, Integer ncYear,
                              List<Spell> spells, Assessment risk, String previousBand, boolean riskSuppressed,
                              List<Claim> claims, List<Referral> newReferrals, Set<Integer> guaranteeOffers,
                              Year11Offer year11Offer) {

    /** A situation with no Year 11 offer from a named provider on record. */
    public PersonSituation(UUID hubId, LocalDate dob, String givenName, String familyName, String gender,
                           String postcode, String previousPostcode, Map<String, String> identifiers, String school, Integer ncYear,
                           List<Spell> spells, Assessment risk, String previousBand, boolean riskSuppressed,
                           List<Claim> claims, List<Referral> newReferrals, Set<Integer> guaranteeOffers) {
        this(hubId, dob, givenName, familyName, gender, postcode, previousPostcode, identifiers, school, ncYear, spells, risk,
                previousBand, riskSuppressed, claims, newReferrals, guaranteeOffers, null);
    }

    /** A Year 11 September Guarantee offer from a named provider (its UKPRN), as the school reported it. */
    public record Year11Offer(String ukprn, LocalDate offerDate, String intendedDestination) {
    }

    /**
     * An activity spell; {@code end} is where it ended (its own end date, or the next spell's start).
     * {@code neetStart} is the tracking record's NEETStartDate, when the feed gives one; {@code withdrawn}: the learner
     * withdrew on {@code end}. {@code feed}: the feed that reported it ({@code referral-outcomes} when a referral's
     * service recorded the start: that service follows it up).
     */
    public record Spell(String code, String label, String group, boolean eet, LocalDate start, LocalDate end,
                        LocalDate dueToLapse, LocalDate lastUpdated, LocalDate neetStart, boolean withdrawn, String feed) {

        public Spell(String code, String label, String group, boolean eet, LocalDate start, LocalDate end,
                     LocalDate dueToLapse, LocalDate lastUpdated, LocalDate neetStart) {
            this(code, label, group, eet, start, end, dueToLapse, lastUpdated, neetStart, false, null);
        }

        public Spell(String code, String label, String group, boolean eet, LocalDate start, LocalDate end,
                     LocalDate dueToLapse, LocalDate lastUpdated, LocalDate neetStart, boolean withdrawn) {
            this(code, label, group, eet, start, end, dueToLapse, lastUpdated, neetStart, withdrawn, null);
        }

        /** A start a referral's service recorded (the referral-outcomes feed): the referral follows it up. */
        public boolean placedByReferral() {
            return "referral-outcomes".equals(feed);
        }

        public boolean isNeet() {
            return "neet".equals(group);
        }
    }

    public record Assessment(long id, String band, int score, Integer ncYear, boolean inScope, String factorsJson) {
    }

    public record Claim(LocalDate start, String benefitType, String office, boolean consentToShare) {
    }

    public record Referral(long id, String fromOrg, String referralRef, String toService, String type, String reason,
                           Instant receivedAt) {
    }

    /** The spell going on today, if any. */
    public Spell currentSpell(LocalDate today) {
        Spell current = null;
        for (Spell s : spells) {
            if (!s.start().isAfter(today) && (s.end() == null || s.end().isAfter(today))) {
                current = s;
            }
        }
        return current;
    }

    /**
     * When the NEET spell that {@code spell} belongs to began: NEET activities one after another (619 then 610) are one
     * spell, which began at the earliest of their start dates and NEETStartDates.
     */
    public LocalDate neetSpellStart(Spell spell) {
        LocalDate began = earliest(spell.start(), spell.neetStart());
        for (int i = spells.indexOf(spell) - 1; i >= 0 && spells.get(i).isNeet(); i--) {
            began = earliest(began, earliest(spells.get(i).start(), spells.get(i).neetStart()));
        }
        return began;
    }

    private static LocalDate earliest(LocalDate a, LocalDate b) {
        return b == null || (a != null && !b.isBefore(a)) ? a : b;
    }

    /** Whether a September Guarantee offer is on record for this year group (11 or 12). */
    public boolean hasGuaranteeOffer(int yearGroup) {
        return guaranteeOffers.contains(yearGroup);
    }

    /** Whether an education, employment or training activity was going on at some time from {@code from} to {@code to}. */
    public boolean hadEetBetween(LocalDate from, LocalDate to) {
        return spells.stream().anyMatch(s -> s.eet() && !s.start().isAfter(to) && (s.end() == null || !s.end().isBefore(from)));
    }

    /**
     * The outcome this NEET spell ended, when it was not sustained: the EET spell just before the NEET spell (or the run of
     * NEET and not-known spells {@code neet} comes after), if that EET spell itself ended a NEET spell and lasted less
     * than {@code months}.
     */
    public Spell outcomeNotSustained(Spell neet, int months) {
        int i = spells.indexOf(neet);
        int j = i - 1;
        while (j >= 0 && (spells.get(j).isNeet() || "not-known".equals(spells.get(j).group()))) {
            j--;
        }
        if (j < 1) {
            return null;
        }
        Spell outcome = spells.get(j);
        Spell before = spells.get(j - 1);
        boolean ended = outcome.end() != null && outcome.end().isBefore(outcome.start().plusMonths(months));
        return outcome.eet() && before.isNeet() && ended ? outcome : null;
    }

    /** Whether an EET activity other than {@code except} was going on at some time from {@code from} to {@code to}. */
    public boolean hadEetBetween(LocalDate from, LocalDate to, Spell except) {
        return spells.stream().anyMatch(s -> s != except && s.eet() && !s.start().isAfter(to)
                && (s.end() == null || !s.end().isBefore(from)));
    }

    public Spell spellAfter(Spell spell) {
        int i = spells.indexOf(spell);
        return i >= 0 && i < spells.size() - 1 ? spells.get(i + 1) : null;
    }

    public Spell spellBefore(Spell spell) {
        int i = spells.indexOf(spell);
        return i > 0 ? spells.get(i - 1) : null;
    }

    public Integer age(LocalDate on) {
        return dob == null ? null : Period.between(dob, on).getYears();
    }

    /** Age on 31 August before the academic year that contains {@code on}: Year 11 is 15, Year 12 is 16. */
    public Integer academicAge(LocalDate on) {
        if (dob == null) {
            return null;
        }
        int startYear = AcademicYear.start(on).getYear();
        return Period.between(dob, LocalDate.of(startYear, 8, 31)).getYears();
    }

    public String district() {
        return LocalAuthority.district(postcode);
    }
}
