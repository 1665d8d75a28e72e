package org.pathwayshub.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** How a match score is kept with a merge or review: points, verdict and the reasons in plain words. */
final class IdentityJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IdentityJson() {
    }

    static String reasons(PersonMatcher.Score score) {
        ObjectNode node = JSON.createObjectNode();
        node.put("points", score.points());
        node.put("verdict", score.verdict().name());
        score.reasons().forEach(node.putArray("reasons")::add);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
