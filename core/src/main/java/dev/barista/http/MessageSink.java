package dev.barista.http;

/**
 * Receives the parts of each request {@link RequestParser} decodes, in order: one {@link #head},
 * zero or more {@link #content} slices, one {@link #end}.
 */
public interface MessageSink extends BodySink {

    void head(RequestHead head);
}
