package org.pathwayshub.access;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request body to the API is at most {@code hub.api.max-request-bytes} (HUB_API_MAX_REQUEST_BYTES, 50 MB): a
 * larger one is answered 413 with the limit, before it is read into memory. A body of unknown length is read up to
 * the limit and no further. {@code POST /api/nccis/check} streams a whole NCCIS file of any size and is not limited.
 */
@Component
@ConditionalOnWebApplication
public class RequestSizeLimit extends OncePerRequestFilter {

    /** Reads its body as a stream, whatever its size. */
    private static final String STREAMED = "/api/nccis/check";

    private final long maxBytes;

    public RequestSizeLimit(@Value("${hub.api.max-request-bytes:52428800}") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/") || path.equals(STREAMED)
                || !(request.getMethod().equals("POST") || request.getMethod().equals("PUT") || request.getMethod().equals("PATCH"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(response, declared + " bytes");
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response);
            return;
        }
        // no length given (chunked): read at most the limit, then hand on what was read
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        InputStream in = request.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            body.write(buffer, 0, n);
            if (body.size() > maxBytes) {
                tooLarge(response, "more than " + maxBytes + " bytes");
                return;
            }
        }
        chain.doFilter(new ReadBody(request, body.toByteArray()), response);
    }

    private void tooLarge(HttpServletResponse response, String size) throws IOException {
        response.setStatus(413);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\": \"the request body is " + size + "; the API takes at most " + maxBytes
                + " bytes in one request (HUB_API_MAX_REQUEST_BYTES): send it in parts, or drop it as a file in the feed's"
                + " inbox\"}");
        response.flushBuffer(); // the answer leaves now, whatever becomes of the body still on its way
    }

    /** The request with its body already read. */
    private static final class ReadBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
