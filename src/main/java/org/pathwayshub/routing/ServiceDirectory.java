package org.pathwayshub.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;

/**
 * The services alerts go to ({@code mappings/routing/services.yaml}): each with its coverage, alert types,
 * allowed fields and channel. Values may name environment settings ({@code {{HUB_X:default}}}), so webhook
 * URLs and secrets stay out of the file.
 */
public final class ServiceDirectory {

    public static final String FILE = "mappings/routing/services.yaml";
    /** The fields a service may be allowed; anything else in the file is a mistake. */
    public static final Set<String> FIELDS = Set.of("hubId", "upn", "uln", "nino", "givenName", "familyName", "dob",
            "gender", "postcode", "school", "ncYear", "activity", "riskBand", "riskScore", "riskFactors", "referral",
            "claim", "counts", "outcome", "reason");
    public static final Set<String> CHANNELS = Set.of("queue", "file", "webhook", "email");
    private static final Set<String> SERVICE_KEYS = Set.of("id", "name", "organisation", "coverage", "alerts", "digest", "fields", "channel",
            "deadlines", "escalateTo");
    private static final Set<String> COVERAGE_KEYS = Set.of("laCodes", "postcodeDistricts", "schools", "ages");
    private static final Set<String> CHANNEL_KEYS = Set.of("type", "queue", "url", "secret", "email", "format");

    private final Map<String, Service> services;
    private final List<Service> inFileOrder;

    public ServiceDirectory(List<Service> services) {
        Map<String, Service> byId = new LinkedHashMap<>();
        services.forEach(s -> byId.put(s.id(), s));
        this.services = Map.copyOf(byId);
        this.inFileOrder = List.copyOf(byId.values());
    }

    /** Every service, in the order of the file (read per person and per alert, so built once). */
    public List<Service> all() {
        return inFileOrder;
    }

    public Optional<Service> find(String id) {
        return Optional.ofNullable(services.get(id));
    }

    /** The services of an organisation (as it names itself when it refers), in the order of the file. */
    public List<Service> ofOrganisation(String organisation) {
        return inFileOrder.stream().filter(s -> organisation != null && organisation.equals(s.organisation())).toList();
    }

    /**
     * @param resolve resolves {{NAME:default}} placeholders in channel settings
     * @param alertTypes the alert types the hub knows
     */
    public static ServiceDirectory read(InputStream in, String file, UnaryOperator<String> resolve, Set<String> alertTypes) {
        JsonNode root;
        try {
            root = HubConfigFiles.YAML.readTree(in);
        } catch (IOException e) {
            throw new MappingFileException(file, "", "YAML without syntax errors or repeated keys (" + e.getMessage() + ")");
        }
        JsonNode list = root == null ? null : root.get("services");
        if (list == null || !list.isArray()) {
            throw new MappingFileException(file, "services", "a list of services");
        }
        List<Service> services = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "services[" + i + "]";
            JsonNode s = list.get(i);
            keys(file, where, s, SERVICE_KEYS);
            String id = text(file, where + ".id", s.get("id"));
            if (!id.matches("[a-z0-9][a-z0-9-]*")) {
                throw new MappingFileException(file, where + ".id", "lower-case letters, digits and hyphens (it names a queue and a folder)");
            }
            if (!ids.add(id)) {
                throw new MappingFileException(file, where + ".id", "an id used once (" + id + " is used twice)");
            }
            Set<String> alerts = set(file, where + ".alerts", s.get("alerts"));
            for (String a : alerts) {
                if (!alertTypes.contains(a)) {
                    throw new MappingFileException(file, where + ".alerts", "alert types the hub has " + alertTypes + " ('" + a + "' is not one)");
                }
            }
            Set<String> digest = set(file, where + ".digest", s.get("digest"));
            for (String a : digest) {
                if (!alerts.contains(a)) {
                    throw new MappingFileException(file, where + ".digest", "alert types among its alerts " + new java.util.TreeSet<>(alerts)
                            + " ('" + a + "' is not one)");
                }
            }
            List<String> fields = new ArrayList<>(set(file, where + ".fields", s.get("fields")));
            for (String f : fields) {
                if (!FIELDS.contains(f)) {
                    throw new MappingFileException(file, where + ".fields", "fields from " + FIELDS + " ('" + f + "' is not one)");
                }
            }
            String organisation = s.hasNonNull("organisation") ? s.get("organisation").asText() : null;
            services.add(new Service(id, s.path("name").asText(id), organisation, coverage(file, where + ".coverage", s.get("coverage")),
                    alerts, digest, List.copyOf(fields), channel(file, where + ".channel", s.get("channel"), resolve),
                    referrals(file, where, s)));
        }
        Set<String> known = new LinkedHashSet<>(ids);
        for (Service s : services) {
            String to = s.referrals().escalateTo();
            if (to != null && !known.contains(to)) {
                throw new MappingFileException(file, "services[" + services.indexOf(s) + "].escalateTo", "the id of a service"
                        + " in the file ('" + to + "' is not one)");
            }
        }
        return new ServiceDirectory(services);
    }

    private static Service.Referrals referrals(String file, String where, JsonNode s) {
        JsonNode d = s.get("deadlines");
        Map<String, Integer> deadlines = new LinkedHashMap<>();
        if (d != null && !d.isNull()) {
            if (!d.isObject()) {
                throw new MappingFileException(file, where + ".deadlines", "working days by deadline: { accept: 5, firstContact: 10 }");
            }
            d.fields().forEachRemaining(e -> {
                if (!e.getValue().isInt() || e.getValue().intValue() < 1) {
                    throw new MappingFileException(file, where + ".deadlines." + e.getKey(), "a number of working days, 1 or more");
                }
                deadlines.put(e.getKey(), e.getValue().intValue());
            });
        }
        String escalateTo = s.hasNonNull("escalateTo") ? s.get("escalateTo").asText() : null;
        return deadlines.isEmpty() && escalateTo == null ? Service.Referrals.NONE
                : new Service.Referrals(Map.copyOf(deadlines), escalateTo);
    }

    private static Service.Coverage coverage(String file, String where, JsonNode c) {
        if (c == null || c.isNull()) {
            return new Service.Coverage(Set.of(), Set.of(), Set.of(), null, null);
        }
        keys(file, where, c, COVERAGE_KEYS);
        Integer min = null;
        Integer max = null;
        JsonNode ages = c.get("ages");
        if (ages != null) {
            if (!ages.isArray() || ages.size() != 2 || !ages.get(0).isInt() || !ages.get(1).isInt()) {
                throw new MappingFileException(file, where + ".ages", "[youngest, oldest], e.g. [16, 24]");
            }
            min = ages.get(0).intValue();
            max = ages.get(1).intValue();
        }
        return new Service.Coverage(set(file, where + ".laCodes", c.get("laCodes")),
                set(file, where + ".postcodeDistricts", c.get("postcodeDistricts")),
                set(file, where + ".schools", c.get("schools")), min, max);
    }

    private static Service.Channel channel(String file, String where, JsonNode c, UnaryOperator<String> resolve) {
        if (c == null || !c.isObject()) {
            throw new MappingFileException(file, where, "a channel: { type: queue | file | webhook | email, ... }");
        }
        keys(file, where, c, CHANNEL_KEYS);
        String type = text(file, where + ".type", c.get("type"));
        if (!CHANNELS.contains(type)) {
            throw new MappingFileException(file, where + ".type", "one of " + CHANNELS + " (got " + type + ")");
        }
        String target = switch (type) {
            case "webhook" -> resolve.apply(text(file, where + ".url", c.get("url")));
            case "email" -> resolve.apply(text(file, where + ".email", c.get("email")));
            case "queue" -> c.hasNonNull("queue") ? c.get("queue").asText() : null;
            default -> null;
        };
        String secret = c.hasNonNull("secret") ? resolve.apply(c.get("secret").asText()) : null;
        if (type.equals("webhook") && (secret == null || secret.isBlank())) {
            throw new MappingFileException(file, where + ".secret", "a signing secret for the webhook (from an environment setting)");
        }
        String format = c.path("format").asText("json");
        if (!format.equals("json") && !format.equals("csv")) {
            throw new MappingFileException(file, where + ".format", "json or csv");
        }
        return new Service.Channel(type, target, secret, format);
    }

    private static void keys(String file, String where, JsonNode node, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw new MappingFileException(file, where, "a map");
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new MappingFileException(file, where + "." + k, "one of " + allowed);
            }
        });
    }

    private static String text(String file, String where, JsonNode n) {
        if (n == null || !n.isValueNode() || n.asText().isBlank()) {
            throw new MappingFileException(file, where, "a value");
        }
        return n.asText();
    }

    private static Set<String> set(String file, String where, JsonNode n) {
        if (n == null || n.isNull()) {
            return Set.of();
        }
        if (!n.isArray()) {
            throw new MappingFileException(file, where, "a list");
        }
        Set<String> out = new LinkedHashSet<>();
        n.forEach(x -> out.add(x.asText()));
        // in the file's order: a service's fields are its CSV columns, and Set.copyOf would shuffle them at each start
        return java.util.Collections.unmodifiableSet(out);
    }

}
