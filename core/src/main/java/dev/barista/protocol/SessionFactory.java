package dev.barista.protocol;

/**
 * Opens the protocol session of a connection a listener accepted: what its first bytes will be spoken in
 * (cleartext HTTP, which may turn to h2c; or TLS, under which ALPN picks). One per listener; transports
 * call it and never look at what it returns.
 */
@FunctionalInterface
public interface SessionFactory {

    /** The session for a new connection, writing into {@code out}; called on the connection's thread. */
    ProtocolSession open(TransportLink link, OutboundBuffer out);
}
