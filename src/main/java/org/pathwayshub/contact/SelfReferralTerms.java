package org.pathwayshub.contact;

import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.routing.ServiceDirectory;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;

/**
 * How a self-referral is taken ({@code mappings/contact/self-referral.yaml}): who it is from and to, the consent
 * wording the young person agrees to and its version, and how many may be stored an hour.
 */
public record SelfReferralTerms(String fromOrg, String toService, String type, String consentVersion, String consentWording,
                                String consentScope, int perAddressPerHour, int perHour) {

    public static final String FILE = "mappings/contact/self-referral.yaml";

    public static SelfReferralTerms read(InputStream in, String file, ServiceDirectory directory, CodeLists codes) {
        JsonNode root = HubConfigFiles.readSections(in, file, "fromOrg, toService, type, consent and rateLimit");
        String toService = text(root, "toService", file, "the id of a service in mappings/routing/services.yaml");
        if (directory.find(toService).isEmpty()) {
            throw new MappingFileException(file, "toService", "the id of a service in mappings/routing/services.yaml (got '"
                    + toService + "')");
        }
        String type = text(root, "type", file, "a code of mappings/codes/referral-type.yaml");
        if (!codes.get("referral-type").accepts(type)) {
            throw new MappingFileException(file, "type", "a code of mappings/codes/referral-type.yaml (got '" + type + "')");
        }
        JsonNode consent = root.path("consent");
        JsonNode limit = root.path("rateLimit");
        return new SelfReferralTerms(text(root, "fromOrg", file, "the organisation code self-referrals are from"), toService,
                type, text(consent, "version", file, "consent.version: the version of the wording", "consent."),
                text(consent, "wording", file, "the consent wording the form shows", "consent."),
                text(consent, "scope", file, "what consent is given for", "consent."),
                count(limit, "perAddressPerHour", file), count(limit, "perHour", file));
    }

    private static String text(JsonNode parent, String key, String file, String expected) {
        return text(parent, key, file, expected, "");
    }

    private static String text(JsonNode parent, String key, String file, String expected, String prefix) {
        JsonNode node = parent.get(key);
        if (node == null || !node.isValueNode() || node.asText().isBlank()) {
            throw new MappingFileException(file, prefix + key, expected);
        }
        return node.asText().trim();
    }

    private static int count(JsonNode limit, String key, String file) {
        JsonNode node = limit.get(key);
        if (node == null || !node.isIntegralNumber() || node.asInt() < 1) {
            throw new MappingFileException(file, "rateLimit." + key, "a whole number of 1 or more");
        }
        return node.asInt();
    }
}
