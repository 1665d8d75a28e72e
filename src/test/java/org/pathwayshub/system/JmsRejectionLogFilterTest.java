package org.pathwayshub.system;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Spring's JMS listener container quotes a rejected message whole; the line that would carry it never reaches a log. */
class JmsRejectionLogFilterTest {

    @Test
    void theRejectedMessageIsNotLoggedAndTheReplacementSaysWhatHappened() {
        JmsRejectionLogFilter filter = new JmsRejectionLogFilter();
        Logger container = (Logger) LoggerFactory.getLogger("org.apache.camel.component.jms.DefaultJmsMessageListenerContainer");
        Logger replacement = (Logger) LoggerFactory.getLogger(JmsRejectionLogFilter.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        container.addAppender(seen);
        replacement.addAppender(seen);
        try {
            container.warn(JmsRejectionLogFilter.REJECTING + " in the meantime: ActiveMQTextMessage {text = {\"dob\": \"2006-09-13\"}}");
            container.warn("Setup of JMS message listener invoker failed for destination 'hub.alerts' - trying to recover");

            assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(m -> m.contains("2006-09-13"))
                    .anyMatch(m -> m.startsWith("A JMS listener stopped while a message reached it"))
                    .anyMatch(m -> m.startsWith("Setup of JMS message listener invoker failed"));
        } finally {
            container.detachAppender(seen);
            replacement.detachAppender(seen);
            ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList().remove(filter);
        }
    }
}
