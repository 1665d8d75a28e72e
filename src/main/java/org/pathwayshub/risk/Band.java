package org.pathwayshub.risk;

/**
 * The RONI band a score falls in, from the thresholds of the rule set: RED substantial support, AMBER
 * additional support, GREEN offer support, NONE no indicator.
 */
public enum Band {
    RED, AMBER, GREEN, NONE
}
