package org.pathwayshub.system;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

/**
 * Keeps message bodies out of the log. Spring's JMS listener container, stopped while a message is on its way in
 * (the hub shutting down), logs that it rejects the message with the whole message, body and all: an alert's body
 * names a young person. That line is replaced by one that says only what happened; the broker redelivers the message.
 */
@Component
public class JmsRejectionLogFilter extends TurboFilter {

    static final String REJECTING = "Rejecting received message because of the listener container having been stopped";
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(JmsRejectionLogFilter.class);

    public JmsRejectionLogFilter() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.addTurboFilter(this);
            start();
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format != null && format.startsWith(REJECTING) && logger.getName().endsWith("MessageListenerContainer")) {
            log.info("A JMS listener stopped while a message reached it; the message was rolled back for the broker to"
                    + " deliver again (its content is not logged)");
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
