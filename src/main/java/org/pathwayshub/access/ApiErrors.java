package org.pathwayshub.access;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.servlet.http.HttpServletRequest;
import org.pathwayshub.system.DatabaseUnreachable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The API's answers when a request cannot be served, in the shape of every other error (status, error, message,
 * path), each with a reason a caller can act on and none of the request's content: a body that is not JSON says
 * where it stops being JSON (line and column, never the text there, which may be a name); with the database
 * unreachable (restarting, or a network fault) the answer is 503 with a Retry-After, not a 500.
 */
@RestControllerAdvice(annotations = RestController.class)
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    static final int RETRY_AFTER_SECONDS = 10;

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, Object>> unreadableBody(HttpMessageNotReadableException e, HttpServletRequest request) {
        return answer(HttpStatus.BAD_REQUEST, unreadable(e.getCause()), request);
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    public ResponseEntity<Map<String, Object>> databaseUnreachable(RuntimeException e, HttpServletRequest request) {
        if (!databaseUnreachable(e)) {
            throw e;
        }
        log.warn("{} {} answered 503: the database is unreachable ({})", request.getMethod(), request.getRequestURI(),
                e.getClass().getSimpleName());
        ResponseEntity<Map<String, Object>> body = answer(HttpStatus.SERVICE_UNAVAILABLE,
                "the hub's database is unreachable for the moment; nothing was changed, try again shortly", request);
        return ResponseEntity.status(body.getStatusCode()).header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .body(body.getBody());
    }

    /**
     * Asks for credentials as HTTP Basic does, except when they could not be checked because the database is
     * unreachable: then 503, not a 401 that would tell a partner its good password is wrong.
     */
    static AuthenticationEntryPoint signInEntryPoint() {
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("Pathways Hub");
        return (request, response, e) -> {
            if (e instanceof InternalAuthenticationServiceException && databaseUnreachable(e)) {
                response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
                response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
                response.setContentType("application/json");
                response.getWriter().write("{\"status\":503,\"error\":\"Service Unavailable\",\"message\":\"the credentials "
                        + "cannot be checked while the hub's database is unreachable; try again shortly\"}");
                return;
            }
            basic.commence(request, response, e);
        };
    }

    /** The connection was refused, lost or ended by the server going down: worth trying again, not a fault of the request. */
    static boolean databaseUnreachable(Throwable e) {
        return DatabaseUnreachable.causedBy(e);
    }

    /** Why a body could not be read, by position and field name only. */
    static String unreadable(Throwable cause) {
        if (cause instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return "the body's field " + m.getPathReference().replaceFirst("^[^\\[\"]*\\[", "[")
                    + " does not have the expected type" + at(m.getLocation());
        }
        if (cause instanceof JsonProcessingException p) {
            return "the body is not valid JSON" + at(p.getLocation());
        }
        return "the body is missing or is not valid JSON";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String message, HttpServletRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", OffsetDateTime.now().toString());
        body.put("status", status.value());
        body.put("error", status.getReasonPhrase());
        body.put("message", message);
        body.put("path", request.getRequestURI());
        return ResponseEntity.status(status).body(body);
    }
}
