package dev.barista.http;

/**
 * Receives the parts of each response {@link ResponseParser} decodes, in order: one {@link #head},
 * zero or more {@link #content} slices, one {@link #end}. Interim (1xx) responses are not reported.
 */
public interface ResponseSink extends BodySink {

    void head(ResponseHead head);
}
